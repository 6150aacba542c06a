package io.crosstrust.ingest.chain;

import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.events.chain.EscrowCreated;
import io.crosstrust.events.chain.EscrowDeliveryConfirmed;
import io.crosstrust.events.chain.EscrowDisputed;
import io.crosstrust.events.chain.EscrowFunded;
import io.crosstrust.events.chain.EscrowRefunded;
import io.crosstrust.events.chain.EscrowReleased;
import io.crosstrust.events.chain.EscrowResolved;
import io.crosstrust.events.chain.EscrowShipped;
import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.common.Uint256;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;

/**
 * Decodes logs of the tracked contracts into the Avro chain events: the eight TradeEscrow events
 * from escrow contracts and ERC-20 {@code Transfer} from token contracts. Event signatures come
 * from the generated TradeEscrow wrapper, so they follow the Solidity source.
 *
 * <p>Decoding is strict, because a log that does not match its event's ABI must not pass as one:
 * the topic count must be exactly 1 + the indexed arguments, the data exactly the ABI encoding of
 * the others (no missing or trailing bytes, offsets in bounds), addresses and uint64s correctly
 * zero-padded, strings valid UTF-8. Anything else is {@link DecodedLog.Malformed} with the reason.
 * uint256 values stay exact (BigInteger to decimal(78,0)). Stateless and thread-safe.
 */
public final class ChainLogDecoder {
    /** keccak256("Transfer(address,address,uint256)"): ERC-20 (and ERC-721, with 4 topics). */
    public static final String TRANSFER_TOPIC =
            EventEncoder.buildEventSignature("Transfer(address,address,uint256)");

    public static final String ORDER_CREATED = topic(TradeEscrow.ORDERCREATED_EVENT);
    public static final String ORDER_FUNDED = topic(TradeEscrow.ORDERFUNDED_EVENT);
    public static final String ORDER_SHIPPED = topic(TradeEscrow.ORDERSHIPPED_EVENT);
    public static final String DELIVERY_CONFIRMED = topic(TradeEscrow.DELIVERYCONFIRMED_EVENT);
    public static final String PAYMENT_RELEASED = topic(TradeEscrow.PAYMENTRELEASED_EVENT);
    public static final String DISPUTE_OPENED = topic(TradeEscrow.DISPUTEOPENED_EVENT);
    public static final String DISPUTE_RESOLVED = topic(TradeEscrow.DISPUTERESOLVED_EVENT);
    public static final String REFUNDED = topic(TradeEscrow.REFUNDED_EVENT);

    /** The escrow event signatures, in lifecycle order. */
    public static final List<String> ESCROW_TOPICS =
            List.of(
                    ORDER_CREATED,
                    ORDER_FUNDED,
                    ORDER_SHIPPED,
                    DELIVERY_CONFIRMED,
                    PAYMENT_RELEASED,
                    DISPUTE_OPENED,
                    DISPUTE_RESOLVED,
                    REFUNDED);

    private static final HexFormat HEX = HexFormat.of();

    private final long chainId;
    private final Set<String> escrows;
    private final Set<String> tokens;
    private final Map<String, Function<Log, SpecificRecord>> escrowDecoders;

    /**
     * @param chainId goes into every event id and ChainLog
     * @param escrowContracts TradeEscrow addresses
     * @param tokenContracts ERC-20 addresses whose Transfer events are tracked
     */
    public ChainLogDecoder(
            long chainId, List<String> escrowContracts, List<String> tokenContracts) {
        this.chainId = chainId;
        this.escrows = lowerSet(escrowContracts);
        this.tokens = lowerSet(tokenContracts);
        this.escrowDecoders =
                Map.of(
                        ORDER_CREATED, this::created,
                        ORDER_FUNDED, this::funded,
                        ORDER_SHIPPED, this::shipped,
                        DELIVERY_CONFIRMED, this::deliveryConfirmed,
                        PAYMENT_RELEASED, this::released,
                        DISPUTE_OPENED, this::disputed,
                        DISPUTE_RESOLVED, this::resolved,
                        REFUNDED, this::refunded);
    }

    /** The addresses an eth_getLogs filter should ask for. */
    public List<String> addresses() {
        List<String> all = new ArrayList<>(escrows);
        tokens.stream().filter(t -> !escrows.contains(t)).forEach(all::add);
        return all;
    }

    /** The topic-0 values an eth_getLogs filter should ask for. */
    public List<String> topic0s() {
        List<String> topics = new ArrayList<>();
        if (!escrows.isEmpty()) {
            topics.addAll(ESCROW_TOPICS);
        }
        if (!tokens.isEmpty()) {
            topics.add(TRANSFER_TOPIC);
        }
        return topics;
    }

    public long chainId() {
        return chainId;
    }

    /** Decodes one log; never throws on bad input. The log must carry its block timestamp. */
    public DecodedLog decode(RawLog raw) {
        if (raw.topics().isEmpty()) {
            return new DecodedLog.Malformed("log has no topics (anonymous event)");
        }
        String topic0 = raw.topics().get(0);
        try {
            if (topic0.equals(TRANSFER_TOPIC)) {
                if (!tokens.contains(raw.address())) {
                    return new DecodedLog.Ignored("Transfer from an untracked address");
                }
                Log log = new Log(raw, 3, "Transfer");
                Erc20Transfer t =
                        new Erc20Transfer(
                                eventId(raw),
                                log.time,
                                chainLog(raw, log.time),
                                raw.address(),
                                log.addressTopic(1),
                                log.addressTopic(2),
                                uint256(log.uint256(0)));
                log.end(1);
                return new DecodedLog.Event(raw.address(), t);
            }
            Function<Log, SpecificRecord> escrowDecoder = escrowDecoders.get(topic0);
            if (escrowDecoder == null) {
                return new DecodedLog.Ignored("untracked event " + topic0);
            }
            if (!escrows.contains(raw.address())) {
                return new DecodedLog.Ignored("escrow event from an untracked address");
            }
            Log log = new Log(raw, 4, name(topic0));
            SpecificRecord record = escrowDecoder.apply(log);
            return new DecodedLog.Event(log.bytes32Topic(1), record);
        } catch (MalformedLogException e) {
            return new DecodedLog.Malformed(e.getMessage());
        }
    }

    private SpecificRecord created(Log log) {
        String token = log.address(0);
        BigInteger amount = log.uint256(1);
        Instant shipBy = log.epochSeconds(2, "shipBy");
        Instant deliverBy = log.epochSeconds(3, "deliverBy");
        String origin = log.string(4, "originRegion");
        String destination = log.string(5, "destinationRegion");
        log.end(6);
        return new EscrowCreated(
                eventId(log.raw),
                log.time,
                chainLog(log.raw, log.time),
                log.bytes32Topic(1),
                log.addressTopic(2),
                log.addressTopic(3),
                token,
                uint256(amount),
                shipBy,
                deliverBy,
                origin,
                destination);
    }

    private SpecificRecord funded(Log log) {
        BigInteger amount = log.uint256(0);
        log.end(1);
        return new EscrowFunded(
                eventId(log.raw),
                log.time,
                chainLog(log.raw, log.time),
                log.bytes32Topic(1),
                log.addressTopic(2),
                log.addressTopic(3),
                uint256(amount));
    }

    private SpecificRecord shipped(Log log) {
        String reference = log.string(0, "shipmentRef");
        log.end(1);
        return new EscrowShipped(
                eventId(log.raw),
                log.time,
                chainLog(log.raw, log.time),
                log.bytes32Topic(1),
                log.addressTopic(2),
                log.addressTopic(3),
                reference);
    }

    private SpecificRecord deliveryConfirmed(Log log) {
        log.end(0);
        return new EscrowDeliveryConfirmed(
                eventId(log.raw),
                log.time,
                chainLog(log.raw, log.time),
                log.bytes32Topic(1),
                log.addressTopic(2),
                log.addressTopic(3));
    }

    private SpecificRecord released(Log log) {
        BigInteger amount = log.uint256(0);
        log.end(1);
        return new EscrowReleased(
                eventId(log.raw),
                log.time,
                chainLog(log.raw, log.time),
                log.bytes32Topic(1),
                log.addressTopic(2),
                log.addressTopic(3),
                uint256(amount));
    }

    private SpecificRecord disputed(Log log) {
        String openedBy = log.address(0);
        String reason = log.string(1, "reason");
        log.end(2);
        return new EscrowDisputed(
                eventId(log.raw),
                log.time,
                chainLog(log.raw, log.time),
                log.bytes32Topic(1),
                log.addressTopic(2),
                log.addressTopic(3),
                openedBy,
                reason);
    }

    private SpecificRecord resolved(Log log) {
        String arbiter = log.address(0);
        BigInteger buyerAmount = log.uint256(1);
        BigInteger sellerAmount = log.uint256(2);
        log.end(3);
        return new EscrowResolved(
                eventId(log.raw),
                log.time,
                chainLog(log.raw, log.time),
                log.bytes32Topic(1),
                log.addressTopic(2),
                log.addressTopic(3),
                arbiter,
                uint256(buyerAmount),
                uint256(sellerAmount));
    }

    private SpecificRecord refunded(Log log) {
        BigInteger amount = log.uint256(0);
        log.end(1);
        return new EscrowRefunded(
                eventId(log.raw),
                log.time,
                chainLog(log.raw, log.time),
                log.bytes32Topic(1),
                log.addressTopic(2),
                log.addressTopic(3),
                uint256(amount));
    }

    /** chainId:txHash:logIndex, the idempotency key of a chain event (docs/schemas.md). */
    public String eventId(RawLog raw) {
        return chainId + ":" + raw.txHash() + ":" + raw.logIndex();
    }

    private ChainLog chainLog(RawLog raw, Instant time) {
        return new ChainLog(
                chainId,
                raw.address(),
                raw.blockNumber(),
                raw.blockHash(),
                raw.txHash(),
                raw.logIndex(),
                time,
                false);
    }

    static Uint256 uint256(BigInteger value) {
        return new Uint256(new BigDecimal(value));
    }

    private static String topic(Event event) {
        return EventEncoder.encode(event);
    }

    private static String name(String topic0) {
        return switch (ESCROW_TOPICS.indexOf(topic0)) {
            case 0 -> "OrderCreated";
            case 1 -> "OrderFunded";
            case 2 -> "OrderShipped";
            case 3 -> "DeliveryConfirmed";
            case 4 -> "PaymentReleased";
            case 5 -> "DisputeOpened";
            case 6 -> "DisputeResolved";
            case 7 -> "Refunded";
            default -> topic0;
        };
    }

    private static Set<String> lowerSet(List<String> addresses) {
        return addresses.stream()
                .map(a -> a.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static final class MalformedLogException extends RuntimeException {
        MalformedLogException(String message) {
            super(message, null, false, false);
        }
    }

    /** A strict reader over one log's topics and ABI-encoded data. */
    private static final class Log {
        final RawLog raw;
        final String event;
        final byte[] data;
        final Instant time;
        private int end; // furthest byte the decoded values cover

        Log(RawLog raw, int topicCount, String event) {
            this.raw = raw;
            this.event = event;
            if (raw.topics().size() != topicCount) {
                throw new MalformedLogException(
                        event
                                + " must have "
                                + topicCount
                                + " topics (signature + "
                                + (topicCount - 1)
                                + " indexed), has "
                                + raw.topics().size());
            }
            for (String t : raw.topics()) {
                if (t.length() != 66 || !t.startsWith("0x")) {
                    throw new MalformedLogException(event + ": topic is not 32 bytes: " + t);
                }
            }
            String hex = raw.data();
            if (!hex.startsWith("0x") || hex.length() % 2 != 0) {
                throw new MalformedLogException(event + ": data is not 0x-prefixed hex");
            }
            try {
                this.data = HEX.parseHex(hex, 2, hex.length());
            } catch (IllegalArgumentException e) {
                throw new MalformedLogException(event + ": data is not hex");
            }
            if (raw.blockTimestamp() == null) {
                throw new IllegalStateException("log without a block timestamp: " + raw);
            }
            this.time = Instant.ofEpochSecond(raw.blockTimestamp());
        }

        String bytes32Topic(int i) {
            return raw.topics().get(i);
        }

        String addressTopic(int i) {
            String t = raw.topics().get(i);
            for (int c = 2; c < 26; c++) {
                if (t.charAt(c) != '0') {
                    throw new MalformedLogException(
                            event + ": indexed argument " + i + " is not an address: " + t);
                }
            }
            return "0x" + t.substring(26);
        }

        private int word(int index, String what) {
            int offset = index * 32;
            if (data.length < offset + 32) {
                throw new MalformedLogException(
                        event
                                + ": data too short for "
                                + what
                                + " ("
                                + data.length
                                + " bytes, word "
                                + index
                                + " needs "
                                + (offset + 32)
                                + ")");
            }
            end = Math.max(end, offset + 32);
            return offset;
        }

        BigInteger uint256(int index) {
            int offset = word(index, "uint256 word " + index);
            return new BigInteger(1, java.util.Arrays.copyOfRange(data, offset, offset + 32));
        }

        String address(int index) {
            int offset = word(index, "address word " + index);
            requireZero(offset, 12, "address word " + index);
            return "0x" + HEX.formatHex(data, offset + 12, offset + 32);
        }

        Instant epochSeconds(int index, String what) {
            int offset = word(index, what);
            requireZero(offset, 24, what + " (uint64)");
            long seconds = ByteBuffer.wrap(data, offset + 24, 8).getLong();
            if (seconds < 0 || seconds > 253_402_300_799L) { // after 9999-12-31
                throw new MalformedLogException(
                        event + ": " + what + " is beyond the representable time range");
            }
            return Instant.ofEpochSecond(seconds);
        }

        String string(int index, String what) {
            int headOffset = word(index, what + " offset");
            BigInteger pointer = new BigInteger(1, slice(headOffset, 32));
            if (pointer.bitLength() > 31 || pointer.intValue() % 32 != 0) {
                throw new MalformedLogException(event + ": bad offset for " + what);
            }
            int at = pointer.intValue();
            if ((long) at + 32 > data.length) {
                throw new MalformedLogException(
                        event + ": " + what + " offset " + at + " is out of the data");
            }
            BigInteger length = new BigInteger(1, slice(at, 32));
            if (length.bitLength() > 31 || (long) at + 32 + length.longValue() > data.length) {
                throw new MalformedLogException(
                        event + ": " + what + " length runs past the end of the data");
            }
            int n = length.intValue();
            int padded = (n + 31) / 32 * 32;
            if ((long) at + 32 + padded > data.length) {
                throw new MalformedLogException(event + ": " + what + " is not padded to 32 bytes");
            }
            requireZero(at + 32 + n, padded - n, what + " padding");
            end = Math.max(end, at + 32 + padded);
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data, at + 32, n))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new MalformedLogException(event + ": " + what + " is not valid UTF-8");
            }
        }

        /** Checks the data holds exactly the head words and the tails read, nothing more. */
        void end(int headWords) {
            int expected = Math.max(end, headWords * 32);
            if (data.length != expected) {
                throw new MalformedLogException(
                        event
                                + ": data is "
                                + data.length
                                + " bytes, the ABI encoding takes "
                                + expected);
            }
        }

        private byte[] slice(int offset, int length) {
            return java.util.Arrays.copyOfRange(data, offset, offset + length);
        }

        private void requireZero(int offset, int length, String what) {
            for (int i = offset; i < offset + length; i++) {
                if (data[i] != 0) {
                    throw new MalformedLogException(event + ": " + what + " is not zero-padded");
                }
            }
        }
    }
}
