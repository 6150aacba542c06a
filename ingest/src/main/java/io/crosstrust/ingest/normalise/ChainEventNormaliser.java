package io.crosstrust.ingest.normalise;

import static io.crosstrust.ingest.normalise.EventRules.address;
import static io.crosstrust.ingest.normalise.EventRules.id;
import static io.crosstrust.ingest.normalise.EventRules.region;
import static io.crosstrust.ingest.normalise.EventRules.time;

import io.crosstrust.events.chain.EscrowCreated;
import io.crosstrust.events.chain.EscrowDeliveryConfirmed;
import io.crosstrust.events.chain.EscrowDisputed;
import io.crosstrust.events.chain.EscrowFunded;
import io.crosstrust.events.chain.EscrowRefunded;
import io.crosstrust.events.chain.EscrowReleased;
import io.crosstrust.events.chain.EscrowResolved;
import io.crosstrust.events.chain.EscrowShipped;
import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.common.Money;
import io.crosstrust.events.common.SourceKind;
import io.crosstrust.events.common.Uint256;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps the TradeEscrow chain events (chain.events) to canonical {@link TradeEvent}s: one per chain
 * event, same event id, {@code source = CHAIN}, {@code on_chain = true}, the chain position in
 * {@code chain} (a retraction keeps {@code removed = true}).
 *
 * <p>A chain event names the bytes32 escrow order id and the parties' addresses, nothing else. The
 * platform's OrderPlaced of an escrow-settled order names the same escrow order id beside its own
 * order id and the parties' entity ids ({@link EscrowOrder}): given it, the event is attributed to
 * the entities, carries the platform's order id (so the transparency KPI and the scores join chain
 * evidence to platform orders) and the regions. Without it, the addresses stand in for the entities
 * and the escrow order id for the order.
 *
 * <table>
 *   <caption>subject and counterparty</caption>
 *   <tr><th>type</th><th>subject</th><th>counterparty</th><th>amount / detail</th></tr>
 *   <tr><td>ESCROW_CREATED</td><td>buyer</td><td>seller</td><td>amount; reference_time =
 *       ship-by; detail = origin>destination</td></tr>
 *   <tr><td>ESCROW_FUNDED, ESCROW_RELEASED</td><td>buyer (payer)</td><td>seller</td><td>amount</td></tr>
 *   <tr><td>ESCROW_SHIPPED</td><td>seller</td><td>buyer</td><td>detail = shipment ref</td></tr>
 *   <tr><td>ESCROW_DELIVERY_CONFIRMED</td><td>seller</td><td>buyer</td><td></td></tr>
 *   <tr><td>ESCROW_DISPUTED</td><td>respondent (the party that did not open it)</td>
 *       <td>claimant</td><td>detail = reason</td></tr>
 *   <tr><td>ESCROW_RESOLVED</td><td>respondent</td><td>claimant</td><td>amount = the escrowed
 *       amount; reference_amount = the buyer's part; reference_time = when the dispute opened;
 *       detail = CLAIMANT_WON / SPLIT / RESPONDENT_WON from the split</td></tr>
 *   <tr><td>ESCROW_REFUNDED</td><td>seller (did not ship)</td><td>buyer</td><td>amount</td></tr>
 * </table>
 *
 * The respondent of a resolution comes from its dispute ({@link Dispute}, kept by the caller); when
 * unknown, the seller. Amounts are token base units / 10^decimals in the escrow's settlement
 * currency (one settlement token per deployment). Stateless and thread-safe.
 */
public final class ChainEventNormaliser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");

    /** What the platform's OrderPlaced says about an escrow order. */
    public record EscrowOrder(
            String orderId,
            String buyerId,
            String sellerId,
            String buyerRegion,
            String sellerRegion) {
        public EscrowOrder {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(buyerId, "buyerId");
            Objects.requireNonNull(sellerId, "sellerId");
        }
    }

    /** An open dispute: who opened it (buyer or seller) and when. */
    public record Dispute(boolean openedByBuyer, Instant openedAt) {}

    private final String currency;
    private final int decimals;

    /**
     * @param currency what the escrow's settlement token stands for (ISO 4217 or a token symbol in
     *     upper case): the currency of every escrow amount
     * @param decimals the token's decimals (0-18)
     */
    public ChainEventNormaliser(String currency, int decimals) {
        if (decimals < 0 || decimals > 18) {
            throw new IllegalArgumentException("decimals must be in [0,18], got " + decimals);
        }
        this.currency = Objects.requireNonNull(currency, "currency");
        this.decimals = decimals;
    }

    /** Whether a record is one of the eight TradeEscrow events. */
    public static boolean isEscrowEvent(SpecificRecord r) {
        return r instanceof EscrowCreated
                || r instanceof EscrowFunded
                || r instanceof EscrowShipped
                || r instanceof EscrowDeliveryConfirmed
                || r instanceof EscrowReleased
                || r instanceof EscrowDisputed
                || r instanceof EscrowResolved
                || r instanceof EscrowRefunded;
    }

    /** Whether a record comes from the chain (namespace io.crosstrust.events.chain). */
    public static boolean isChainEvent(SpecificRecord r) {
        return r.getSchema().getNamespace().equals("io.crosstrust.events.chain");
    }

    /** The escrow order id of an escrow event, lower-case hex. */
    public static String escrowOrderId(SpecificRecord r) {
        Object id = r.get(r.getSchema().getField("order_id").pos());
        return id == null ? null : id.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the event settles its order for good (released, resolved, refunded). */
    public static boolean isFinal(SpecificRecord r) {
        return r instanceof EscrowReleased
                || r instanceof EscrowResolved
                || r instanceof EscrowRefunded;
    }

    /**
     * Whether a canonical chain event tells what the platform's own events already tell: an escrow
     * step (created, shipped, delivery confirmed, released, disputed, resolved, refunded) of an
     * order attributed to its platform order (its order id is the platform's, not the bytes32
     * escrow id that stands in when no platform order is known). The platform reports that order,
     * its payments, shipments, disputes and their resolution itself, so counting the chain's
     * version too would count them twice. Not ESCROW_FUNDED: platforms do not report the funding of
     * an escrow, and the model is trained with it beside the platform's events.
     */
    public static boolean platformReportsToo(TradeEvent e) {
        if (e.getSource() != SourceKind.CHAIN || e.getOrderId() == null) {
            return false;
        }
        boolean mirrored =
                switch (e.getType()) {
                    case ESCROW_CREATED,
                                    ESCROW_SHIPPED,
                                    ESCROW_DELIVERY_CONFIRMED,
                                    ESCROW_RELEASED,
                                    ESCROW_DISPUTED,
                                    ESCROW_RESOLVED,
                                    ESCROW_REFUNDED ->
                            true;
                    default -> false;
                };
        return mirrored && !BYTES32.matcher(e.getOrderId()).matches();
    }

    /** The dispute an EscrowDisputed opens. */
    public static Dispute disputeOf(EscrowDisputed e) {
        return new Dispute(e.getOpenedBy().equalsIgnoreCase(e.getBuyer()), e.getEventTime());
    }

    /**
     * @param record an escrow event ({@link #isEscrowEvent})
     * @param order the platform's view of the order, or null when unknown
     * @param dispute the order's dispute, for a resolution; null when unknown
     * @throws InvalidEventException when a field breaks a rule (the message names it)
     */
    public TradeEvent normalise(SpecificRecord record, EscrowOrder order, Dispute dispute)
            throws InvalidEventException {
        if (record instanceof EscrowCreated e) {
            return base(e.getEventId(), e.getEventTime(), e.getLog(), TradeEventType.ESCROW_CREATED)
                    .parties(e.getOrderId(), e.getBuyer(), e.getSeller(), true, order)
                    .amount(money("amount", e.getAmount()))
                    .referenceTime(time("ship_by", e.getShipBy()))
                    .detail(
                            region("origin_region", e.getOriginRegion())
                                    + ">"
                                    + region("destination_region", e.getDestinationRegion()))
                    .build();
        } else if (record instanceof EscrowFunded e) {
            return base(e.getEventId(), e.getEventTime(), e.getLog(), TradeEventType.ESCROW_FUNDED)
                    .parties(e.getOrderId(), e.getBuyer(), e.getSeller(), true, order)
                    .amount(money("amount", e.getAmount()))
                    .build();
        } else if (record instanceof EscrowShipped e) {
            return base(e.getEventId(), e.getEventTime(), e.getLog(), TradeEventType.ESCROW_SHIPPED)
                    .parties(e.getOrderId(), e.getBuyer(), e.getSeller(), false, order)
                    .detail(id("shipment_ref", e.getShipmentRef()))
                    .build();
        } else if (record instanceof EscrowDeliveryConfirmed e) {
            return base(
                            e.getEventId(),
                            e.getEventTime(),
                            e.getLog(),
                            TradeEventType.ESCROW_DELIVERY_CONFIRMED)
                    .parties(e.getOrderId(), e.getBuyer(), e.getSeller(), false, order)
                    .build();
        } else if (record instanceof EscrowReleased e) {
            return base(
                            e.getEventId(),
                            e.getEventTime(),
                            e.getLog(),
                            TradeEventType.ESCROW_RELEASED)
                    .parties(e.getOrderId(), e.getBuyer(), e.getSeller(), true, order)
                    .amount(money("amount", e.getAmount()))
                    .build();
        } else if (record instanceof EscrowDisputed e) {
            String openedBy = address("opened_by", e.getOpenedBy());
            boolean byBuyer = openedBy.equalsIgnoreCase(e.getBuyer());
            if (!byBuyer && !openedBy.equalsIgnoreCase(e.getSeller())) {
                throw new InvalidEventException("opened_by " + openedBy + " is not a party");
            }
            return base(
                            e.getEventId(),
                            e.getEventTime(),
                            e.getLog(),
                            TradeEventType.ESCROW_DISPUTED)
                    .parties(e.getOrderId(), e.getBuyer(), e.getSeller(), !byBuyer, order)
                    .detail(id("reason", e.getReason()))
                    .build();
        } else if (record instanceof EscrowResolved e) {
            BigDecimal toBuyer = units("buyer_amount", e.getBuyerAmount());
            BigDecimal toSeller = units("seller_amount", e.getSellerAmount());
            BigDecimal total = toBuyer.add(toSeller);
            boolean respondentIsBuyer = dispute != null && !dispute.openedByBuyer();
            BigDecimal claimantPart = respondentIsBuyer ? toSeller : toBuyer;
            String outcome =
                    claimantPart.signum() == 0
                            ? "RESPONDENT_WON"
                            : claimantPart.compareTo(total) == 0 ? "CLAIMANT_WON" : "SPLIT";
            Step b =
                    base(
                                    e.getEventId(),
                                    e.getEventTime(),
                                    e.getLog(),
                                    TradeEventType.ESCROW_RESOLVED)
                            .parties(
                                    e.getOrderId(),
                                    e.getBuyer(),
                                    e.getSeller(),
                                    respondentIsBuyer,
                                    order)
                            .amount(amount("amount", total))
                            .referenceAmount(amount("buyer_amount", toBuyer))
                            .detail(outcome);
            if (dispute != null && dispute.openedAt() != null) {
                b.referenceTime(dispute.openedAt());
            }
            return b.build();
        } else if (record instanceof EscrowRefunded e) {
            return base(
                            e.getEventId(),
                            e.getEventTime(),
                            e.getLog(),
                            TradeEventType.ESCROW_REFUNDED)
                    .parties(e.getOrderId(), e.getBuyer(), e.getSeller(), false, order)
                    .amount(money("amount", e.getAmount()))
                    .build();
        }
        throw new InvalidEventException(
                record.getSchema().getFullName() + " is not a TradeEscrow event");
    }

    private Step base(String eventId, Instant time, ChainLog log, TradeEventType type)
            throws InvalidEventException {
        if (log == null) {
            throw new InvalidEventException("log is missing");
        }
        address("log.contract_address", log.getContractAddress());
        TradeEvent.Builder b =
                TradeEvent.newBuilder()
                        .setEventId(id("event_id", eventId))
                        .setEventTime(time("event_time", time))
                        .setSource(SourceKind.CHAIN)
                        .setSourceName("chain:" + log.getChainId())
                        .setType(type)
                        .setOnChain(true)
                        .setChain(log);
        return new Step(b);
    }

    /** A TradeEvent under construction (InvalidEventException-friendly builder steps). */
    private static final class Step {
        private final TradeEvent.Builder b;

        Step(TradeEvent.Builder b) {
            this.b = b;
        }

        /**
         * @param subjectIsBuyer whether the buyer is the subject (else the seller; the other is the
         *     counterparty)
         */
        Step parties(
                String escrowId,
                String buyer,
                String seller,
                boolean subjectIsBuyer,
                EscrowOrder order)
                throws InvalidEventException {
            if (escrowId == null || !BYTES32.matcher(escrowId).matches()) {
                throw new InvalidEventException(
                        "order_id '" + escrowId + "' is not a 0x-prefixed bytes32");
            }
            String buyerAddress = address("buyer", id("buyer", buyer));
            String sellerAddress = address("seller", id("seller", seller));
            String subjectAddress = subjectIsBuyer ? buyerAddress : sellerAddress;
            b.setSubjectAddress(subjectAddress);
            if (order == null) {
                b.setOrderId(escrowId.toLowerCase(java.util.Locale.ROOT))
                        .setSubjectId(subjectAddress)
                        .setCounterpartyId(subjectIsBuyer ? sellerAddress : buyerAddress);
            } else {
                b.setOrderId(order.orderId())
                        .setSubjectId(subjectIsBuyer ? order.buyerId() : order.sellerId())
                        .setCounterpartyId(subjectIsBuyer ? order.sellerId() : order.buyerId())
                        .setSubjectRegion(
                                subjectIsBuyer ? order.buyerRegion() : order.sellerRegion())
                        .setCounterpartyRegion(
                                subjectIsBuyer ? order.sellerRegion() : order.buyerRegion());
            }
            return this;
        }

        Step amount(Money m) {
            b.setAmount(m);
            return this;
        }

        Step referenceAmount(Money m) {
            b.setReferenceAmount(m);
            return this;
        }

        Step referenceTime(Instant t) {
            b.setReferenceTime(t);
            return this;
        }

        Step detail(String d) {
            b.setDetail(d);
            return this;
        }

        TradeEvent build() {
            return b.build();
        }
    }

    private Money money(String field, Uint256 value) throws InvalidEventException {
        return amount(field, units(field, value));
    }

    private BigDecimal units(String field, Uint256 value) throws InvalidEventException {
        if (value == null || value.getValue() == null) {
            throw new InvalidEventException(field + " is missing");
        }
        BigDecimal units = value.getValue();
        if (units.signum() < 0 || units.scale() > 0) {
            throw new InvalidEventException(field + " is not a uint256: " + units);
        }
        return units.movePointLeft(decimals);
    }

    private Money amount(String field, BigDecimal amount) throws InvalidEventException {
        // decimal(38,18): 20 digits before the point
        if (amount.precision() - amount.scale() > 20) {
            throw new InvalidEventException(
                    field + " " + amount.toPlainString() + " does not fit decimal(38,18)");
        }
        return new Money(amount, currency);
    }
}
