package io.crosstrust.ingest.chain;

import io.crosstrust.ingest.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Typed configuration of a {@link ChainListener}; build with {@link #builder()}, which checks every
 * value on {@link Builder#build()}. Defaults suit a public-chain-like node; the local stack uses a
 * shallower confirmation depth on anvil.
 *
 * @param listenerId names this listener: Kafka transactional id and the key prefix of its state in
 *     the state topic. Two listeners with the same id fence each other.
 * @param rpcUrls JSON-RPC endpoints of the same chain, tried in order, failed over on errors
 * @param expectedChainId the chain id the nodes must report, or null to accept what they say
 * @param escrowContracts TradeEscrow addresses
 * @param tokenContracts ERC-20 addresses whose Transfer logs are tracked
 * @param startBlock first block to read when there is no persisted cursor
 * @param confirmations a block is read once it has this many blocks on top of it (0 = the head)
 * @param reorgWindow how many blocks below the cursor are remembered for reorg handling; a reorg
 *     deeper than this stops the listener
 * @param initialRange first eth_getLogs range, in blocks
 * @param maxRange largest eth_getLogs range
 * @param targetLogsPerRange the range adapts towards this many logs per eth_getLogs call
 * @param fetchAhead how many ranges after the current one are read ahead, concurrently, while the
 *     current one is decoded and committed (1 = the next one only); near the head there is rarely
 *     more than one range to read
 * @param pollInterval pause when caught up with the confirmed head
 * @param rpcTimeout connect/read timeout of one JSON-RPC call
 * @param retry retry and failover policy of RPC calls
 * @param eventsTopic chain events
 * @param deadLetterTopic malformed logs
 * @param stateTopic compacted topic holding cursor and window (committed with the events)
 */
public record ChainListenerOptions(
        String listenerId,
        List<String> rpcUrls,
        Long expectedChainId,
        List<String> escrowContracts,
        List<String> tokenContracts,
        long startBlock,
        int confirmations,
        int reorgWindow,
        int initialRange,
        int maxRange,
        int targetLogsPerRange,
        int fetchAhead,
        Duration pollInterval,
        Duration rpcTimeout,
        RetryPolicy retry,
        String eventsTopic,
        String deadLetterTopic,
        String stateTopic) {

    /** The default state topic: compacted, one partition. */
    public static final String STATE_TOPIC = "chain.listener.state";

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults; {@link #build()} validates. */
    public static final class Builder {
        private String listenerId = "chain-listener";
        private List<String> rpcUrls = new ArrayList<>();
        private Long expectedChainId;
        private List<String> escrowContracts = new ArrayList<>();
        private List<String> tokenContracts = new ArrayList<>();
        private long startBlock = 0;
        private int confirmations = 12;
        private int reorgWindow = 128;
        private int initialRange = 100;
        private int maxRange = 10_000;
        private int targetLogsPerRange = 5_000;
        private int fetchAhead = 2;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration rpcTimeout = Duration.ofSeconds(10);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private String eventsTopic = Topics.CHAIN_EVENTS;
        private String deadLetterTopic = Topics.DEAD_LETTERS;
        private String stateTopic = STATE_TOPIC;

        public Builder listenerId(String v) {
            listenerId = v;
            return this;
        }

        public Builder rpcUrls(List<String> v) {
            rpcUrls = new ArrayList<>(v);
            return this;
        }

        public Builder rpcUrl(String v) {
            rpcUrls.add(v);
            return this;
        }

        public Builder expectedChainId(Long v) {
            expectedChainId = v;
            return this;
        }

        public Builder escrowContracts(List<String> v) {
            escrowContracts = new ArrayList<>(v);
            return this;
        }

        public Builder tokenContracts(List<String> v) {
            tokenContracts = new ArrayList<>(v);
            return this;
        }

        public Builder startBlock(long v) {
            startBlock = v;
            return this;
        }

        public Builder confirmations(int v) {
            confirmations = v;
            return this;
        }

        public Builder reorgWindow(int v) {
            reorgWindow = v;
            return this;
        }

        public Builder initialRange(int v) {
            initialRange = v;
            return this;
        }

        public Builder fetchAhead(int v) {
            fetchAhead = v;
            return this;
        }

        public Builder maxRange(int v) {
            maxRange = v;
            return this;
        }

        public Builder targetLogsPerRange(int v) {
            targetLogsPerRange = v;
            return this;
        }

        public Builder pollInterval(Duration v) {
            pollInterval = v;
            return this;
        }

        public Builder rpcTimeout(Duration v) {
            rpcTimeout = v;
            return this;
        }

        public Builder retry(RetryPolicy v) {
            retry = v;
            return this;
        }

        public Builder eventsTopic(String v) {
            eventsTopic = v;
            return this;
        }

        public Builder deadLetterTopic(String v) {
            deadLetterTopic = v;
            return this;
        }

        public Builder stateTopic(String v) {
            stateTopic = v;
            return this;
        }

        public ChainListenerOptions build() {
            if (listenerId == null || !ID.matcher(listenerId).matches()) {
                throw new IllegalArgumentException(
                        "listenerId must be 1-100 of [A-Za-z0-9._-], got " + listenerId);
            }
            if (rpcUrls.isEmpty()) {
                throw new IllegalArgumentException("at least one RPC URL is needed");
            }
            for (String url : rpcUrls) {
                if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                    throw new IllegalArgumentException(
                            "RPC URLs must be http(s)://host:port, got " + url);
                }
            }
            List<String> escrows = addresses("escrow contract", escrowContracts);
            List<String> tokens = addresses("token contract", tokenContracts);
            if (escrows.isEmpty() && tokens.isEmpty()) {
                throw new IllegalArgumentException(
                        "nothing to listen to: give escrow and/or token contract addresses");
            }
            if (startBlock < 0) {
                throw new IllegalArgumentException("startBlock must be >= 0, got " + startBlock);
            }
            if (confirmations < 0) {
                throw new IllegalArgumentException(
                        "confirmations must be >= 0, got " + confirmations);
            }
            if (reorgWindow <= confirmations) {
                throw new IllegalArgumentException(
                        "reorgWindow ("
                                + reorgWindow
                                + ") must exceed confirmations ("
                                + confirmations
                                + ")");
            }
            if (initialRange < 1 || maxRange < initialRange) {
                throw new IllegalArgumentException(
                        "need 1 <= initialRange <= maxRange, got "
                                + initialRange
                                + " and "
                                + maxRange);
            }
            if (targetLogsPerRange < 1) {
                throw new IllegalArgumentException(
                        "targetLogsPerRange must be >= 1, got " + targetLogsPerRange);
            }
            if (fetchAhead < 1 || fetchAhead > 16) {
                throw new IllegalArgumentException(
                        "fetchAhead must be 1..16 ranges read ahead, got " + fetchAhead);
            }
            positive("pollInterval", pollInterval);
            positive("rpcTimeout", rpcTimeout);
            Objects.requireNonNull(retry, "retry");
            for (String topic : List.of(eventsTopic, deadLetterTopic, stateTopic)) {
                if (topic == null || topic.isBlank()) {
                    throw new IllegalArgumentException("topic names must not be blank");
                }
            }
            return new ChainListenerOptions(
                    listenerId,
                    List.copyOf(rpcUrls),
                    expectedChainId,
                    escrows,
                    tokens,
                    startBlock,
                    confirmations,
                    reorgWindow,
                    initialRange,
                    maxRange,
                    targetLogsPerRange,
                    fetchAhead,
                    pollInterval,
                    rpcTimeout,
                    retry,
                    eventsTopic,
                    deadLetterTopic,
                    stateTopic);
        }

        private static List<String> addresses(String what, List<String> values) {
            List<String> out = new ArrayList<>();
            for (String a : values) {
                if (a == null || !ADDRESS.matcher(a).matches()) {
                    throw new IllegalArgumentException(
                            what + " must be a 0x-prefixed 20-byte address, got " + a);
                }
                out.add(a.toLowerCase(Locale.ROOT));
            }
            return List.copyOf(out);
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, got " + d);
            }
        }
    }
}
