package io.crosstrust.ingest.chain;

import io.crosstrust.ingest.wire.EventCodec;
import java.time.Clock;
import java.util.List;

/**
 * A chain listener in its own JVM, for the kill test: one block per batch, and before each commit
 * it prints {@code COMMITTING <n> events <k>} and pauses, so the parent can kill -9 it inside an
 * open transaction. Arguments: bootstrap rpcUrl listenerId eventsTopic deadLetterTopic stateTopic
 * escrow token pauseMillis.
 */
public final class ListenerProcess {
    private ListenerProcess() {}

    public static void main(String[] args) {
        String bootstrap = args[0];
        ChainListenerOptions options =
                ChainListenerOptions.builder()
                        .rpcUrl(args[1])
                        .listenerId(args[2])
                        .eventsTopic(args[3])
                        .deadLetterTopic(args[4])
                        .stateTopic(args[5])
                        .escrowContracts(List.of(args[6]))
                        .tokenContracts(List.of(args[7]))
                        .confirmations(2)
                        .reorgWindow(16)
                        .initialRange(1)
                        .maxRange(1)
                        .build();
        long pause = Long.parseLong(args[8]);
        KafkaChainListenerOutput output =
                new KafkaChainListenerOutput(
                        bootstrap,
                        options.listenerId(),
                        options.eventsTopic(),
                        options.deadLetterTopic(),
                        options.stateTopic(),
                        EventCodec.standard());
        int[] batches = {0};
        output.beforeCommit(
                batch -> {
                    System.out.println(
                            "COMMITTING " + ++batches[0] + " events " + batch.events().size());
                    System.out.flush();
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        ChainListenerMetrics metrics = new ChainListenerMetrics();
        ChainListener listener =
                new ChainListener(
                        options,
                        new FailoverChainRpc(
                                List.of(Web3jChainRpc.http(args[1], options.rpcTimeout())),
                                options.retry(),
                                metrics),
                        output,
                        metrics,
                        Clock.systemUTC());
        listener.run();
    }
}
