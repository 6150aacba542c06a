package io.crosstrust.jobs.scoring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One payer's open payment instalments: every PAYMENT_DUE not yet matched by a PAYMENT_MADE. The
 * scoring job needs it because a PAYMENT_MADE on trade.events carries no due time (the model dates
 * and judges a payment by it); the warnings need it for overdue payments and for what a payer owes
 * each payee.
 *
 * <p>Matching: a payment settles the earliest-due open instalment of the same order (trade.events
 * does not carry the instalment number of a payment). When a later instalment is paid before an
 * earlier late one, the two lateness figures swap; their sum is the same.
 *
 * <p>Bounded: at most {@link #MAX_OPEN} instalments are kept (the earliest-due go first), so a
 * payer that never pays cannot grow its state without limit. Not thread-safe; serialised into Flink
 * state with {@link #toBytes()}.
 */
public final class OpenInstalments {
    /** Most open instalments kept per payer. */
    public static final int MAX_OPEN = 512;

    private static final byte CODEC_VERSION = 1;

    /**
     * One open instalment.
     *
     * @param orderId the order it belongs to
     * @param dueMillis when it is due
     * @param amount exact amount, or null when the event had none
     * @param currency the amount's currency, or null
     * @param payeeId whom it is owed to, or null
     * @param dueEventId the PAYMENT_DUE event that created it (evidence)
     */
    public record Instalment(
            String orderId,
            long dueMillis,
            BigDecimal amount,
            String currency,
            String payeeId,
            String dueEventId) {
        public Instalment {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(dueEventId, "dueEventId");
        }
    }

    private final List<Instalment> open;

    public OpenInstalments() {
        this.open = new ArrayList<>();
    }

    private OpenInstalments(List<Instalment> open) {
        this.open = open;
    }

    /** Records a new obligation (a PAYMENT_DUE). */
    public void add(Instalment instalment) {
        int pos = open.size();
        while (pos > 0 && open.get(pos - 1).dueMillis() > instalment.dueMillis()) {
            pos--;
        }
        open.add(pos, instalment);
        if (open.size() > MAX_OPEN) {
            open.remove(0);
        }
    }

    /**
     * Removes and returns the earliest-due open instalment of the order, or null when none is open
     * (a payment without a known obligation, e.g. after the state expired).
     */
    public Instalment settle(String orderId) {
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).orderId().equals(orderId)) {
                return open.remove(i);
            }
        }
        return null;
    }

    /** Removes every open instalment of an order (e.g. the order was cancelled or refunded). */
    public int removeOrder(String orderId) {
        int before = open.size();
        open.removeIf(i -> i.orderId().equals(orderId));
        return before - open.size();
    }

    /** Drops instalments due before {@code millis}; returns how many. */
    public int dropDueBefore(long millis) {
        int n = 0;
        while (!open.isEmpty() && open.get(0).dueMillis() < millis) {
            open.remove(0);
            n++;
        }
        return n;
    }

    /** The open instalments, earliest due first (read-only view). */
    public List<Instalment> all() {
        return Collections.unmodifiableList(open);
    }

    /** Open instalments due at or before {@code millis}, earliest first. */
    public List<Instalment> dueBy(long millis) {
        List<Instalment> out = new ArrayList<>();
        for (Instalment i : open) {
            if (i.dueMillis() > millis) {
                break;
            }
            out.add(i);
        }
        return out;
    }

    /** Whether the instalment created by this PAYMENT_DUE event is still open. */
    public boolean isOpen(String dueEventId) {
        for (Instalment i : open) {
            if (i.dueEventId().equals(dueEventId)) {
                return true;
            }
        }
        return false;
    }

    /** Sum of the open amounts owed to one payee in one currency. */
    public BigDecimal owedTo(String payeeId, String currency) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Instalment i : open) {
            if (payeeId.equals(i.payeeId())
                    && i.amount() != null
                    && currency.equals(i.currency())) {
                sum = sum.add(i.amount());
            }
        }
        return sum;
    }

    public int size() {
        return open.size();
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + open.size() * 96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CODEC_VERSION);
            out.writeInt(open.size());
            for (Instalment i : open) {
                out.writeUTF(i.orderId());
                out.writeLong(i.dueMillis());
                writeNullable(out, i.amount() == null ? null : i.amount().toPlainString());
                writeNullable(out, i.currency());
                writeNullable(out, i.payeeId());
                out.writeUTF(i.dueEventId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static OpenInstalments fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != CODEC_VERSION) {
                throw new IllegalArgumentException(
                        "open instalments codec version "
                                + version
                                + ", expected "
                                + CODEC_VERSION);
            }
            int n = in.readInt();
            List<Instalment> list = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                String orderId = in.readUTF();
                long due = in.readLong();
                String amount = readNullable(in);
                String currency = readNullable(in);
                String payee = readNullable(in);
                String eventId = in.readUTF();
                list.add(
                        new Instalment(
                                orderId,
                                due,
                                amount == null ? null : new BigDecimal(amount),
                                currency,
                                payee,
                                eventId));
            }
            return new OpenInstalments(list);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt open instalments state", e);
        }
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpenInstalments other && open.equals(other.open);
    }

    @Override
    public int hashCode() {
        return open.hashCode();
    }

    @Override
    public String toString() {
        return "OpenInstalments" + open;
    }
}
