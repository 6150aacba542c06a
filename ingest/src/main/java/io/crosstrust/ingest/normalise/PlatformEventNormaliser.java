package io.crosstrust.ingest.normalise;

import static io.crosstrust.ingest.normalise.EventRules.address;
import static io.crosstrust.ingest.normalise.EventRules.distinct;
import static io.crosstrust.ingest.normalise.EventRules.id;
import static io.crosstrust.ingest.normalise.EventRules.money;
import static io.crosstrust.ingest.normalise.EventRules.optionalMoney;
import static io.crosstrust.ingest.normalise.EventRules.optionalTime;
import static io.crosstrust.ingest.normalise.EventRules.range;
import static io.crosstrust.ingest.normalise.EventRules.region;
import static io.crosstrust.ingest.normalise.EventRules.time;

import io.crosstrust.events.common.SourceKind;
import io.crosstrust.events.platform.CustomsDeclaration;
import io.crosstrust.events.platform.DisputeOpened;
import io.crosstrust.events.platform.DisputeResolved;
import io.crosstrust.events.platform.EntityRegistered;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.PaymentDue;
import io.crosstrust.events.platform.PaymentMade;
import io.crosstrust.events.platform.PaymentMethod;
import io.crosstrust.events.platform.Review;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.platform.ShipmentMilestone;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import org.apache.avro.specific.SpecificRecord;

/**
 * Validates a platform event and maps it to the canonical {@link TradeEvent}: one canonical event
 * per source event, same event id. The subject is the entity whose conduct the event is about:
 *
 * <table>
 *   <tr><th>event</th><th>subject</th><th>counterparty</th></tr>
 *   <tr><td>OrderPlaced, PaymentDue, PaymentMade</td><td>buyer / payer</td><td>seller / payee</td></tr>
 *   <tr><td>ShipmentMilestone, CustomsDeclaration</td><td>seller / declarant</td><td>buyer / importer</td></tr>
 *   <tr><td>DisputeOpened, DisputeResolved</td><td>respondent</td><td>claimant</td></tr>
 *   <tr><td>Review</td><td>reviewed party</td><td>reviewer</td></tr>
 * </table>
 *
 * Stateless and thread-safe.
 */
public final class PlatformEventNormaliser {

    /**
     * @throws InvalidEventException when a field breaks a rule (the message names it)
     */
    public TradeEvent normalise(SpecificRecord record) throws InvalidEventException {
        if (record instanceof OrderPlaced e) {
            return order(e);
        } else if (record instanceof PaymentDue e) {
            return paymentDue(e);
        } else if (record instanceof PaymentMade e) {
            return paymentMade(e);
        } else if (record instanceof ShipmentMilestone e) {
            return shipment(e);
        } else if (record instanceof CustomsDeclaration e) {
            return customs(e);
        } else if (record instanceof DisputeOpened e) {
            return disputeOpened(e);
        } else if (record instanceof DisputeResolved e) {
            return disputeResolved(e);
        } else if (record instanceof Review e) {
            return review(e);
        } else if (record instanceof EntityRegistered e) {
            return registered(e);
        }
        throw new InvalidEventException(
                record.getSchema().getFullName() + " is not a platform event");
    }

    private static TradeEvent.Builder base(
            String eventId, java.time.Instant time, String platform, TradeEventType type)
            throws InvalidEventException {
        return TradeEvent.newBuilder()
                .setEventId(id("event_id", eventId))
                .setEventTime(time("event_time", time))
                .setSource(SourceKind.PLATFORM)
                .setSourceName(id("platform", platform))
                .setType(type)
                .setOnChain(false);
    }

    private TradeEvent registered(EntityRegistered e) throws InvalidEventException {
        return base(
                        e.getEventId(),
                        e.getEventTime(),
                        e.getPlatform(),
                        TradeEventType.ENTITY_REGISTERED)
                .setSubjectId(id("entity_id", e.getEntityId()))
                .setSubjectRegion(region("region", e.getRegion()))
                .setSubjectAddress(address("chain_address", e.getChainAddress()))
                .setDetail(e.getKind().name())
                .build();
    }

    private TradeEvent order(OrderPlaced e) throws InvalidEventException {
        distinct(
                id("buyer_id", e.getBuyerId()),
                "buyer_id",
                id("seller_id", e.getSellerId()),
                "seller_id");
        range("item_count", e.getItemCount(), 1, 1_000_000);
        boolean escrow = e.getSettlement() == Settlement.ESCROW;
        if (escrow) {
            id("escrow_order_id", e.getEscrowOrderId());
        }
        return base(e.getEventId(), e.getEventTime(), e.getPlatform(), TradeEventType.ORDER_PLACED)
                .setOrderId(id("order_id", e.getOrderId()))
                .setSubjectId(e.getBuyerId())
                .setCounterpartyId(e.getSellerId())
                .setSubjectRegion(region("destination_region", e.getDestinationRegion()))
                .setCounterpartyRegion(region("origin_region", e.getOriginRegion()))
                .setAmount(money("amount", e.getAmount(), true))
                .setReferenceTime(time("payment_due_time", e.getPaymentDueTime()))
                .setDetail(id("hs_code", e.getHsCode()))
                .setOnChain(escrow)
                .build();
    }

    private TradeEvent paymentDue(PaymentDue e) throws InvalidEventException {
        distinct(
                id("payer_id", e.getPayerId()),
                "payer_id",
                id("payee_id", e.getPayeeId()),
                "payee_id");
        range("installment", e.getInstallment(), 1, 10_000);
        return base(e.getEventId(), e.getEventTime(), e.getPlatform(), TradeEventType.PAYMENT_DUE)
                .setOrderId(id("order_id", e.getOrderId()))
                .setSubjectId(e.getPayerId())
                .setCounterpartyId(e.getPayeeId())
                .setAmount(money("amount", e.getAmount(), true))
                .setReferenceTime(time("due_time", e.getDueTime()))
                .setDetail("installment " + e.getInstallment())
                .build();
    }

    private TradeEvent paymentMade(PaymentMade e) throws InvalidEventException {
        distinct(
                id("payer_id", e.getPayerId()),
                "payer_id",
                id("payee_id", e.getPayeeId()),
                "payee_id");
        range("installment", e.getInstallment(), 1, 10_000);
        boolean onChain =
                e.getTxHash() != null
                        || e.getMethod() == PaymentMethod.STABLECOIN
                        || e.getMethod() == PaymentMethod.ESCROW_RELEASE;
        return base(e.getEventId(), e.getEventTime(), e.getPlatform(), TradeEventType.PAYMENT_MADE)
                .setOrderId(id("order_id", e.getOrderId()))
                .setSubjectId(e.getPayerId())
                .setCounterpartyId(e.getPayeeId())
                .setAmount(money("amount", e.getAmount(), true))
                .setDetail(e.getMethod().name())
                .setOnChain(onChain)
                .build();
    }

    private TradeEvent shipment(ShipmentMilestone e) throws InvalidEventException {
        distinct(
                id("seller_id", e.getSellerId()),
                "seller_id",
                id("buyer_id", e.getBuyerId()),
                "buyer_id");
        TradeEventType type =
                switch (e.getMilestone()) {
                    case BOOKED -> TradeEventType.SHIPMENT_BOOKED;
                    case DEPARTED -> TradeEventType.SHIPMENT_DEPARTED;
                    case CUSTOMS_CLEARED -> TradeEventType.SHIPMENT_CUSTOMS_CLEARED;
                    case ARRIVED -> TradeEventType.SHIPMENT_ARRIVED;
                    case DELIVERED -> TradeEventType.SHIPMENT_DELIVERED;
                    case LOST -> TradeEventType.SHIPMENT_LOST;
                };
        return base(e.getEventId(), e.getEventTime(), e.getPlatform(), type)
                .setOrderId(id("order_id", e.getOrderId()))
                .setSubjectId(e.getSellerId())
                .setCounterpartyId(e.getBuyerId())
                .setReferenceTime(optionalTime("promised_time", e.getPromisedTime()))
                .setDetail(
                        id("shipment_id", e.getShipmentId())
                                + "@"
                                + region("location_region", e.getLocationRegion()))
                .build();
    }

    private TradeEvent customs(CustomsDeclaration e) throws InvalidEventException {
        distinct(
                id("declarant_id", e.getDeclarantId()), "declarant_id",
                id("importer_id", e.getImporterId()), "importer_id");
        TradeEventType type =
                switch (e.getStatus()) {
                    case DECLARED -> TradeEventType.CUSTOMS_DECLARED;
                    case CLEARED -> TradeEventType.CUSTOMS_CLEARED;
                    case HELD -> TradeEventType.CUSTOMS_HELD;
                    case REJECTED -> TradeEventType.CUSTOMS_REJECTED;
                };
        id("declaration_id", e.getDeclarationId());
        return base(e.getEventId(), e.getEventTime(), e.getPlatform(), type)
                .setOrderId(id("order_id", e.getOrderId()))
                .setSubjectId(e.getDeclarantId())
                .setCounterpartyId(e.getImporterId())
                .setSubjectRegion(region("origin_region", e.getOriginRegion()))
                .setCounterpartyRegion(region("destination_region", e.getDestinationRegion()))
                .setAmount(money("declared_value", e.getDeclaredValue(), true))
                .setReferenceAmount(optionalMoney("assessed_value", e.getAssessedValue()))
                .setDetail(e.getReason() != null ? e.getReason() : id("hs_code", e.getHsCode()))
                .build();
    }

    private TradeEvent disputeOpened(DisputeOpened e) throws InvalidEventException {
        distinct(
                id("claimant_id", e.getClaimantId()), "claimant_id",
                id("respondent_id", e.getRespondentId()), "respondent_id");
        id("dispute_id", e.getDisputeId());
        return base(
                        e.getEventId(),
                        e.getEventTime(),
                        e.getPlatform(),
                        TradeEventType.DISPUTE_OPENED)
                .setOrderId(id("order_id", e.getOrderId()))
                .setSubjectId(e.getRespondentId())
                .setCounterpartyId(e.getClaimantId())
                .setAmount(money("amount", e.getAmount(), false))
                .setDetail(e.getReason().name())
                .build();
    }

    private TradeEvent disputeResolved(DisputeResolved e) throws InvalidEventException {
        distinct(
                id("claimant_id", e.getClaimantId()), "claimant_id",
                id("respondent_id", e.getRespondentId()), "respondent_id");
        id("dispute_id", e.getDisputeId());
        if (time("opened_time", e.getOpenedTime()).isAfter(e.getEventTime())) {
            throw new InvalidEventException(
                    "opened_time "
                            + e.getOpenedTime()
                            + " is after the resolution time "
                            + e.getEventTime());
        }
        return base(
                        e.getEventId(),
                        e.getEventTime(),
                        e.getPlatform(),
                        TradeEventType.DISPUTE_RESOLVED)
                .setOrderId(id("order_id", e.getOrderId()))
                .setSubjectId(e.getRespondentId())
                .setCounterpartyId(e.getClaimantId())
                .setReferenceAmount(optionalMoney("refund", e.getRefund()))
                .setReferenceTime(e.getOpenedTime())
                .setDetail(e.getOutcome().name())
                .build();
    }

    private TradeEvent review(Review e) throws InvalidEventException {
        distinct(
                id("subject_id", e.getSubjectId()), "subject_id",
                id("reviewer_id", e.getReviewerId()), "reviewer_id");
        id("review_id", e.getReviewId());
        return base(e.getEventId(), e.getEventTime(), e.getPlatform(), TradeEventType.REVIEW)
                .setOrderId(id("order_id", e.getOrderId()))
                .setSubjectId(e.getSubjectId())
                .setCounterpartyId(e.getReviewerId())
                .setRating(range("rating", e.getRating(), 1, 5))
                .build();
    }
}
