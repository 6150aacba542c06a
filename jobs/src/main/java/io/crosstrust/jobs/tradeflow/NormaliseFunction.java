package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.normalise.InvalidEventException;
import io.crosstrust.ingest.normalise.PlatformEventNormaliser;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.ingest.wire.WireFormatException;
import io.crosstrust.jobs.kafka.DeadLetters;
import io.crosstrust.jobs.kafka.RawRecord;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes raw platform records, validates them and maps them to canonical {@link TradeEvent}s.
 * Anything that fails goes whole to the dead-letter side output with the reason; the function never
 * throws on bad input, so one bad record cannot stop the job. Stateless.
 */
public final class NormaliseFunction extends ProcessFunction<RawRecord, TradeEvent> {
    static final String STAGE = "normalise";

    private final Clock clock;
    private transient PlatformEventNormaliser normaliser;
    private transient Counter valid;
    private transient Counter deadLetters;

    public NormaliseFunction() {
        this(Clock.systemUTC());
    }

    NormaliseFunction(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext openContext) {
        normaliser = new PlatformEventNormaliser();
        valid = getRuntimeContext().getMetricGroup().counter("validEvents");
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
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
            out.collect(normaliser.normalise(decoded));
            valid.inc();
        } catch (InvalidEventException e) {
            reject(raw, FailureKind.INVALID, e.getMessage(), eventIdOf(decoded), ctx);
        }
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
