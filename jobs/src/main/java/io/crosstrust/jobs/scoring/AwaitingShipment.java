package io.crosstrust.jobs.scoring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One seller's platform-settled orders that have not departed yet: opened by the ORDER_PLACED the
 * seller receives, closed by the first departure milestone (SHIPMENT_DEPARTED or anything later:
 * customs, arrival, delivery, loss). An order that never ships is otherwise invisible until the
 * buyer disputes it weeks later; {@link EntityCreditState#scoringView} counts one that waits longer
 * than the platform's handling time as a late departure.
 *
 * <p>Escrow orders are not tracked: the seller ships them only once the buyer funded the escrow, so
 * a wait says nothing about the seller. Bounded: at most {@link #MAX_OPEN} orders (the oldest go
 * first). Not thread-safe.
 */
public final class AwaitingShipment {
    /** Most orders kept per seller. */
    public static final int MAX_OPEN = 512;

    private static final byte CODEC_VERSION = 1;

    /**
     * @param orderId the order
     * @param orderedMillis when it was placed
     * @param orderEventId the ORDER_PLACED event (evidence)
     * @param buyerId who ordered
     */
    public record Order(String orderId, long orderedMillis, String orderEventId, String buyerId) {
        public Order {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(orderEventId, "orderEventId");
        }
    }

    private final List<Order> open;

    public AwaitingShipment() {
        this.open = new ArrayList<>();
    }

    private AwaitingShipment(List<Order> open) {
        this.open = open;
    }

    public void add(Order order) {
        int pos = open.size();
        while (pos > 0 && open.get(pos - 1).orderedMillis() > order.orderedMillis()) {
            pos--;
        }
        open.add(pos, order);
        if (open.size() > MAX_OPEN) {
            open.remove(0);
        }
    }

    /** Closes the order (it departed); returns whether it was open. */
    public boolean shipped(String orderId) {
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).orderId().equals(orderId)) {
                open.remove(i);
                return true;
            }
        }
        return false;
    }

    /** Drops orders placed before {@code millis}; returns how many. */
    public int dropOrderedBefore(long millis) {
        int n = 0;
        while (!open.isEmpty() && open.get(0).orderedMillis() < millis) {
            open.remove(0);
            n++;
        }
        return n;
    }

    /** Orders placed at or before {@code millis}, oldest first. */
    public List<Order> orderedBy(long millis) {
        List<Order> out = new ArrayList<>();
        for (Order o : open) {
            if (o.orderedMillis() > millis) {
                break;
            }
            out.add(o);
        }
        return out;
    }

    public List<Order> all() {
        return Collections.unmodifiableList(open);
    }

    public int size() {
        return open.size();
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + open.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CODEC_VERSION);
            out.writeInt(open.size());
            for (Order o : open) {
                out.writeUTF(o.orderId());
                out.writeLong(o.orderedMillis());
                out.writeUTF(o.orderEventId());
                out.writeBoolean(o.buyerId() != null);
                if (o.buyerId() != null) {
                    out.writeUTF(o.buyerId());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static AwaitingShipment fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != CODEC_VERSION) {
                throw new IllegalArgumentException(
                        "awaiting-shipment codec version "
                                + version
                                + ", expected "
                                + CODEC_VERSION);
            }
            int n = in.readInt();
            List<Order> list = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                String orderId = in.readUTF();
                long at = in.readLong();
                String eventId = in.readUTF();
                String buyer = in.readBoolean() ? in.readUTF() : null;
                list.add(new Order(orderId, at, eventId, buyer));
            }
            return new AwaitingShipment(list);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt awaiting-shipment state", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AwaitingShipment other && open.equals(other.open);
    }

    @Override
    public int hashCode() {
        return open.hashCode();
    }

    @Override
    public String toString() {
        return "AwaitingShipment" + open;
    }
}
