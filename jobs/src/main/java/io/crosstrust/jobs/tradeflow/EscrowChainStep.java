package io.crosstrust.jobs.tradeflow;

import io.crosstrust.jobs.kafka.RawRecord;

/**
 * A TradeEscrow event from chain.events on its way to be linked to its platform order: the escrow
 * order id it is keyed by and the record as it arrived (decoded again by the linker, so that a
 * failure there still dead-letters it whole). A Flink POJO.
 */
public class EscrowChainStep {
    public String escrowId;
    public RawRecord raw;

    public EscrowChainStep() {}

    public EscrowChainStep(String escrowId, RawRecord raw) {
        this.escrowId = escrowId;
        this.raw = raw;
    }
}
