package io.crosstrust.jobs.warnings;

import io.crosstrust.events.ops.DeadLetter;
import java.util.List;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** State descriptors, output tags and operator uids of the warnings flow, in one place. */
public final class WarningDescriptors {
    /** The rules in force: key {@link #CURRENT_RULES}, value the rule set's JSON. */
    public static final MapStateDescriptor<String, byte[]> RULES =
            new MapStateDescriptor<>(
                    "risk-rules",
                    Types.STRING,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    public static final String CURRENT_RULES = "current";

    /** Rule sets that were refused, with the reason (to dead.letters). */
    public static final OutputTag<DeadLetter> REJECTED_RULES =
            new OutputTag<>("rejected-rules", new AvroTypeInfo<>(DeadLetter.class));

    static final ValueStateDescriptor<EntityRiskState> ENTITY_RISK =
            new ValueStateDescriptor<>("entity-risk", EntityRiskStateSerializer.TYPE);

    static final ValueStateDescriptor<Long> ENTITY_TIMER =
            new ValueStateDescriptor<>("entity-risk-timer", Types.LONG);

    static final ValueStateDescriptor<GateState> GATE =
            new ValueStateDescriptor<>("warning-gate", TypeInformation.of(GateState.class));

    static final ListStateDescriptor<byte[]> CYCLES =
            new ListStateDescriptor<>(
                    "trade-cycles", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    static final MapStateDescriptor<Long, List<CircularTradingFunction.PendingOrder>>
            PENDING_ORDERS =
                    new MapStateDescriptor<>(
                            "trade-cycles-pending",
                            Types.LONG,
                            Types.LIST(
                                    TypeInformation.of(
                                            CircularTradingFunction.PendingOrder.class)));

    public static final String UID_ENTITY_WARNINGS = "entity-warnings";
    public static final String UID_CIRCULAR = "circular-trading";
    public static final String UID_GATE = "warning-gate";
    public static final String UID_RULES_SOURCE = "risk-rules-source";

    private WarningDescriptors() {}
}
