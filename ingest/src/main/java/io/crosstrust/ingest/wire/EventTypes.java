package io.crosstrust.ingest.wire;

import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.events.chain.EscrowCreated;
import io.crosstrust.events.chain.EscrowDeliveryConfirmed;
import io.crosstrust.events.chain.EscrowDisputed;
import io.crosstrust.events.chain.EscrowFunded;
import io.crosstrust.events.chain.EscrowRefunded;
import io.crosstrust.events.chain.EscrowReleased;
import io.crosstrust.events.chain.EscrowResolved;
import io.crosstrust.events.chain.EscrowShipped;
import io.crosstrust.events.chain.ScoreUpdated;
import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.NetworkMetrics;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.platform.CustomsDeclaration;
import io.crosstrust.events.platform.DisputeOpened;
import io.crosstrust.events.platform.DisputeResolved;
import io.crosstrust.events.platform.EntityRegistered;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.PaymentDue;
import io.crosstrust.events.platform.PaymentMade;
import io.crosstrust.events.platform.Review;
import io.crosstrust.events.platform.ShipmentMilestone;
import io.crosstrust.events.trade.EntityActivity;
import io.crosstrust.events.trade.TradeEvent;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The top-level records that travel on Kafka, by topic family. Each is a schema a producer or a job
 * writes as one message; nested types (Money, ChainLog, ...) are not listed.
 */
public final class EventTypes {
    /** Events platforms publish to {@code platform.events}. */
    public static final List<Class<? extends SpecificRecord>> PLATFORM =
            List.of(
                    EntityRegistered.class,
                    OrderPlaced.class,
                    PaymentDue.class,
                    PaymentMade.class,
                    ShipmentMilestone.class,
                    CustomsDeclaration.class,
                    DisputeOpened.class,
                    DisputeResolved.class,
                    Review.class);

    /** Events the chain listener publishes to {@code chain.events}. */
    public static final List<Class<? extends SpecificRecord>> CHAIN =
            List.of(
                    EscrowCreated.class,
                    EscrowFunded.class,
                    EscrowShipped.class,
                    EscrowDeliveryConfirmed.class,
                    EscrowReleased.class,
                    EscrowDisputed.class,
                    EscrowResolved.class,
                    EscrowRefunded.class,
                    Erc20Transfer.class,
                    ScoreUpdated.class);

    /** Records the jobs write: canonical events, aggregates, outputs and dead letters. */
    public static final List<Class<? extends SpecificRecord>> DERIVED =
            List.of(
                    TradeEvent.class,
                    EntityActivity.class,
                    CreditScore.class,
                    RiskWarning.class,
                    NetworkMetrics.class,
                    DeadLetter.class);

    /** Every top-level record. */
    public static final List<Class<? extends SpecificRecord>> ALL =
            java.util.stream.Stream.of(PLATFORM, CHAIN, DERIVED).flatMap(List::stream).toList();

    private EventTypes() {}

    /** The schema a generated class was compiled from. */
    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        try {
            return (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " is not an Avro-generated record", e);
        }
    }
}
