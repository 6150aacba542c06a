package io.crosstrust.sinks.oracle;

import io.crosstrust.ingest.chain.oracle.OracleEntry;
import java.util.List;

/**
 * What an oracle writer keeps across checkpoints: the entities' latest scores the policy held back
 * (not yet on-chain), so their heartbeat still posts them after a restart. Nothing else: at a
 * checkpoint every decided update is confirmed on-chain, and the chain itself is the record of what
 * was posted.
 */
public record OracleWriterState(List<OracleEntry> held) {
    public OracleWriterState {
        held = List.copyOf(held);
    }
}
