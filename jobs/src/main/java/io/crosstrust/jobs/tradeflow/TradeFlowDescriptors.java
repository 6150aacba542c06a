package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.ops.DeadLetter;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** State descriptors, output tags and operator uids of the trade flow, in one place. */
public final class TradeFlowDescriptors {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    static final ValueStateDescriptor<EntityActivityState> ACTIVITY =
            new ValueStateDescriptor<>(
                    "entity-activity", TypeInformation.of(EntityActivityState.class));

    static final ValueStateDescriptor<Long> PENDING_EMIT =
            new ValueStateDescriptor<>("pending-emit", Types.LONG);

    /** Operator uids: stable across versions so savepoints keep mapping to the same state. */
    public static final String UID_SOURCE = "platform-events-source";

    public static final String UID_NORMALISE = "normalise";
    public static final String UID_ACTIVITY = "entity-activity";

    private TradeFlowDescriptors() {}
}
