package io.crosstrust.jobs.tradeflow;

import io.crosstrust.events.ops.DeadLetter;
import java.time.Duration;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** State descriptors, output tags and operator uids of the trade flow, in one place. */
public final class TradeFlowDescriptors {
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Escrow-settled platform orders, for the escrow linker. */
    public static final OutputTag<EscrowOrderLink> ESCROW_ORDERS =
            new OutputTag<>("escrow-orders", TypeInformation.of(EscrowOrderLink.class));

    /** TradeEscrow chain events, for the escrow linker. */
    public static final OutputTag<EscrowChainStep> ESCROW_STEPS =
            new OutputTag<>("escrow-chain-events", TypeInformation.of(EscrowChainStep.class));

    static final ValueStateDescriptor<EntityActivityState> ACTIVITY =
            new ValueStateDescriptor<>(
                    "entity-activity", TypeInformation.of(EntityActivityState.class));

    static final ValueStateDescriptor<Long> PENDING_EMIT =
            new ValueStateDescriptor<>("pending-emit", Types.LONG);

    /** The escrow linker's state: every entry expires {@code ttl} after it was written. */
    static ValueStateDescriptor<EscrowOrderLink> escrowOrder(Duration ttl) {
        return withTtl(
                new ValueStateDescriptor<>(
                        "escrow-order", TypeInformation.of(EscrowOrderLink.class)),
                ttl);
    }

    static ValueStateDescriptor<EscrowEventLinker.DisputeState> escrowDispute(Duration ttl) {
        return withTtl(
                new ValueStateDescriptor<>(
                        "escrow-dispute", TypeInformation.of(EscrowEventLinker.DisputeState.class)),
                ttl);
    }

    static ListStateDescriptor<EscrowChainStep> escrowWaiting(Duration ttl) {
        return withTtl(
                new ListStateDescriptor<>(
                        "escrow-waiting", TypeInformation.of(EscrowChainStep.class)),
                ttl);
    }

    static ValueStateDescriptor<Long> escrowTimeout(Duration ttl) {
        return withTtl(new ValueStateDescriptor<>("escrow-link-timeout", Types.LONG), ttl);
    }

    static ValueStateDescriptor<Long> escrowCleanup(Duration ttl) {
        return withTtl(new ValueStateDescriptor<>("escrow-cleanup", Types.LONG), ttl);
    }

    private static <D extends StateDescriptor<?, ?>> D withTtl(D descriptor, Duration ttl) {
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        return descriptor;
    }

    /** Operator uids: stable across versions so savepoints keep mapping to the same state. */
    public static final String UID_SOURCE = "platform-events-source";

    public static final String UID_NORMALISE = "normalise";
    public static final String UID_ACTIVITY = "entity-activity";
    public static final String UID_ESCROW_LINK = "escrow-link";

    private TradeFlowDescriptors() {}
}
