package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.normalise.ChainEventNormaliser;
import io.crosstrust.ingest.normalise.InvalidEventException;
import io.crosstrust.ingest.normalise.PlatformEventNormaliser;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.ingest.wire.WireFormatException;
import io.crosstrust.jobs.kafka.DeadLetters;
import io.crosstrust.jobs.kafka.RawRecord;
import java.time.Clock;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes raw records, validates them and maps platform events to canonical {@link TradeEvent}s.
 * Anything that fails goes whole to the dead-letter side output with the reason; the function never
 * throws on bad input, so one bad record cannot stop the job. Stateless.
 *
 * <p>Chain events take a detour through the {@link EscrowEventLinker}, which attributes them to
 * their platform order: a valid TradeEscrow event goes to the {@link
 * TradeFlowDescriptors#ESCROW_STEPS} side output, keyed by its escrow order id, and the platform's
 * escrow-settled OrderPlaced, besides its trade event, to {@link
 * TradeFlowDescriptors#ESCROW_ORDERS}. Other chain events (ERC-20 transfers, the oracle's
 * ScoreUpdated) name no entity the flow knows and are counted ({@code chainEventsSkipped}) and not
 * normalised.
 */
public final class NormaliseFunction extends ProcessFunction<RawRecord, TradeEvent> {
    static final String STAGE = "normalise";

    private final Clock clock;
    private final ChainLinkSettings chain;
    private transient PlatformEventNormaliser normaliser;
    private transient ChainEventNormaliser chainNormaliser;
    private transient Counter valid;
    private transient Counter deadLetters;
    private transient Counter chainSkipped;

    public NormaliseFunction() {
        this(ChainLinkSettings.DEFAULT);
    }

    public NormaliseFunction(ChainLinkSettings chain) {
        this(chain, Clock.systemUTC());
    }

    NormaliseFunction(ChainLinkSettings chain, Clock clock) {
        this.chain = chain;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        normaliser = new PlatformEventNormaliser();
        chainNormaliser = new ChainEventNormaliser(chain.currency(), chain.decimals());
        valid = getRuntimeContext().getMetricGroup().counter("validEvents");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        chainSkipped = getRuntimeContext().getMetricGroup().counter("chainEventsSkipped");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<TradeEvent> out) {
        SpecificRecord decoded;
        try {
            decoded = EventCodec.standard().decode(raw.value);
        } catch (WireFormatException e) {
            FailureKind kind =
                    e.kind() == WireFormatException.Kind.UNKNOWN_SCHEMA
                            ? FailureKind.UNKNOWN_SCHEMA
                            : FailureKind.UNDECODABLE;
            reject(raw, kind, e.getMessage(), null, ctx);
            return;
        }
        try {
            if (ChainEventNormaliser.isChainEvent(decoded)) {
                chain(raw, decoded, ctx);
                return;
            }
            TradeEvent event = normaliser.normalise(decoded);
            out.collect(event);
            valid.inc();
            if (decoded instanceof OrderPlaced o && o.getSettlement() == Settlement.ESCROW) {
                ctx.output(
                        TradeFlowDescriptors.ESCROW_ORDERS,
                        new EscrowOrderLink(
                                o.getEscrowOrderId().toLowerCase(Locale.ROOT),
                                o.getOrderId(),
                                o.getBuyerId(),
                                o.getSellerId(),
                                o.getDestinationRegion(),
                                o.getOriginRegion()));
            }
        } catch (InvalidEventException e) {
            reject(raw, FailureKind.INVALID, e.getMessage(), eventIdOf(decoded), ctx);
        }
    }

    /** A chain event: checked now (so a bad one dead-letters here), linked downstream. */
    private void chain(RawRecord raw, SpecificRecord decoded, Context ctx)
            throws InvalidEventException {
        if (!ChainEventNormaliser.isEscrowEvent(decoded)) {
            chainSkipped.inc();
            return;
        }
        chainNormaliser.normalise(decoded, null, null);
        ctx.output(
                TradeFlowDescriptors.ESCROW_STEPS,
                new EscrowChainStep(ChainEventNormaliser.escrowOrderId(decoded), raw));
        valid.inc();
    }

    private void reject(RawRecord raw, FailureKind kind, String reason, String hint, Context ctx) {
        DeadLetter letter = DeadLetters.of(raw, STAGE, kind, reason, hint, clock.instant());
        ctx.output(TradeFlowDescriptors.DEAD_LETTERS, letter);
        deadLetters.inc();
    }

    private static String eventIdOf(SpecificRecord record) {
        int pos =
                record.getSchema().getField("event_id") == null
                        ? -1
                        : record.getSchema().getField("event_id").pos();
        Object id = pos < 0 ? null : record.get(pos);
        return id == null ? null : id.toString();
    }
}
