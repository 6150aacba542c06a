package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainListenerOptionsTest {
    private static final String ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private static ChainListenerOptions.Builder valid() {
        return ChainListenerOptions.builder()
                .rpcUrl("http://127.0.0.1:8545")
                .escrowContracts(List.of(ADDRESS));
    }

    @Test
    void defaultsAreSaneAndAddressesAreLowerCased() {
        ChainListenerOptions o = valid().build();
        assertThat(o.escrowContracts()).containsExactly(ADDRESS.toLowerCase());
        assertThat(o.confirmations()).isEqualTo(12);
        assertThat(o.reorgWindow()).isGreaterThan(o.confirmations());
        assertThat(o.eventsTopic()).isEqualTo("chain.events");
        assertThat(o.deadLetterTopic()).isEqualTo("dead.letters");
        assertThat(o.stateTopic()).isEqualTo(ChainListenerOptions.STATE_TOPIC);
        assertThat(o.fetchAhead()).isEqualTo(2);
    }

    @Test
    void rejectsBadValuesWithAMessageThatSaysWhat() {
        assertThatThrownBy(() -> ChainListenerOptions.builder().build())
                .hasMessageContaining("at least one RPC URL");
        assertThatThrownBy(() -> valid().rpcUrl("ws://x").build())
                .hasMessageContaining("http(s)://");
        assertThatThrownBy(() -> valid().escrowContracts(List.of("0x1234")).build())
                .hasMessageContaining("20-byte address");
        assertThatThrownBy(
                        () ->
                                ChainListenerOptions.builder()
                                        .rpcUrl("http://127.0.0.1:8545")
                                        .build())
                .hasMessageContaining("nothing to listen to");
        assertThatThrownBy(() -> valid().confirmations(10).reorgWindow(10).build())
                .hasMessageContaining("must exceed confirmations");
        assertThatThrownBy(() -> valid().initialRange(0).build())
                .hasMessageContaining("initialRange");
        assertThatThrownBy(() -> valid().listenerId("a b").build())
                .hasMessageContaining("listenerId");
        assertThatThrownBy(() -> valid().startBlock(-1).build()).hasMessageContaining("startBlock");
        assertThatThrownBy(() -> valid().fetchAhead(0).build())
                .hasMessageContaining("fetchAhead must be 1..16");
    }
}
