package io.crosstrust.jobs.scoring;

import io.crosstrust.events.ops.DeadLetter;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** State descriptors, output tags and operator uids of the scoring flow, in one place. */
public final class ScoringDescriptors {
    /** The model in force: key {@link #CURRENT_MODEL}, value the artifact's JSON bytes. */
    public static final MapStateDescriptor<String, byte[]> MODEL =
            new MapStateDescriptor<>(
                    "credit-model",
                    Types.STRING,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    public static final String CURRENT_MODEL = "current";

    /** Model updates that were refused, with the reason (to dead.letters). */
    public static final OutputTag<DeadLetter> REJECTED_MODELS =
            new OutputTag<>("rejected-models", new AvroTypeInfo<>(DeadLetter.class));

    static final ValueStateDescriptor<byte[]> FEATURES =
            new ValueStateDescriptor<>(
                    "credit-features", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    static final ValueStateDescriptor<byte[]> INSTALMENTS =
            new ValueStateDescriptor<>(
                    "open-instalments", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    static final ValueStateDescriptor<byte[]> AWAITING =
            new ValueStateDescriptor<>(
                    "awaiting-shipment", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    static final ValueStateDescriptor<ScoreState> SCORE =
            new ValueStateDescriptor<>("score-state", TypeInformation.of(ScoreState.class));

    public static final String UID_SOURCE = "trade-events-source";
    public static final String UID_MODEL_SOURCE = "model-updates-source";
    public static final String UID_SCORING = "credit-scoring";

    private ScoringDescriptors() {}
}
