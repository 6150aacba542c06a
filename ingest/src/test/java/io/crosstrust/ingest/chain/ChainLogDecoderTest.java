package io.crosstrust.ingest.chain;

import static io.crosstrust.ingest.chain.EscrowLogs.ARBITER;
import static io.crosstrust.ingest.chain.EscrowLogs.BUYER;
import static io.crosstrust.ingest.chain.EscrowLogs.ESCROW;
import static io.crosstrust.ingest.chain.EscrowLogs.SELLER;
import static io.crosstrust.ingest.chain.EscrowLogs.TOKEN;
import static io.crosstrust.ingest.chain.EscrowLogs.data;
import static io.crosstrust.ingest.chain.EscrowLogs.orderId;
import static io.crosstrust.ingest.chain.EscrowLogs.topic;
import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.events.chain.EscrowCreated;
import io.crosstrust.events.chain.EscrowDeliveryConfirmed;
import io.crosstrust.events.chain.EscrowDisputed;
import io.crosstrust.events.chain.EscrowFunded;
import io.crosstrust.events.chain.EscrowRefunded;
import io.crosstrust.events.chain.EscrowReleased;
import io.crosstrust.events.chain.EscrowResolved;
import io.crosstrust.events.chain.EscrowShipped;
import io.crosstrust.ingest.wire.EventCodec;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

class ChainLogDecoderTest {
    private static final String BLOCK_HASH = "0x" + "ab".repeat(32);
    private static final String TX = "0x" + "cd".repeat(32);
    private static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private final ChainLogDecoder decoder =
            new ChainLogDecoder(31337, List.of(ESCROW), List.of(TOKEN));

    private static RawLog raw(String address, List<String> topics, String data) {
        return new RawLog(address, topics, data, 42, BLOCK_HASH, TX, 7, 1_750_000_000L);
    }

    private static RawLog escrow(String topic0, String data) {
        return raw(ESCROW, List.of(topic0, orderId(1), topic(BUYER), topic(SELLER)), data);
    }

    private <T> T event(RawLog log, Class<T> type) {
        DecodedLog d = decoder.decode(log);
        assertThat(d).isInstanceOf(DecodedLog.Event.class);
        DecodedLog.Event e = (DecodedLog.Event) d;
        // every decoded record round-trips through the wire format unchanged
        byte[] bytes = EventCodec.standard().encode(e.record());
        try {
            assertThat(EventCodec.standard().decode(bytes)).isEqualTo(e.record());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
        return type.cast(e.record());
    }

    private String malformed(RawLog log) {
        DecodedLog d = decoder.decode(log);
        assertThat(d).isInstanceOf(DecodedLog.Malformed.class);
        return ((DecodedLog.Malformed) d).reason();
    }

    @Test
    void signaturesAreTheKeccakOfTheSolidityEvents() {
        assertThat(ChainLogDecoder.TRANSFER_TOPIC)
                .isEqualTo("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
        assertThat(ChainLogDecoder.ORDER_CREATED)
                .isEqualTo(
                        org.web3j.abi.EventEncoder.buildEventSignature(
                                "OrderCreated(bytes32,address,address,address,uint256,uint64,uint64,string,string)"));
        assertThat(ChainLogDecoder.ESCROW_TOPICS).doesNotHaveDuplicates().hasSize(8);
        assertThat(decoder.topic0s()).hasSize(9);
        assertThat(decoder.addresses()).containsExactly(ESCROW, TOKEN);
    }

    @Test
    void decodesOrderCreatedWithEveryFieldAndThePosition() {
        RawLog log = EscrowLogsRaw.created();
        EscrowCreated c = event(log, EscrowCreated.class);
        assertThat(c.getEventId()).isEqualTo("31337:" + TX + ":7");
        assertThat(c.getEventTime()).isEqualTo(Instant.ofEpochSecond(1_750_000_000L));
        assertThat(c.getOrderId()).isEqualTo(orderId(1));
        assertThat(c.getBuyer()).isEqualTo(BUYER);
        assertThat(c.getSeller()).isEqualTo(SELLER);
        assertThat(c.getToken()).isEqualTo(TOKEN);
        assertThat(c.getAmount().getValue().toBigIntegerExact()).isEqualTo(MAX_UINT256);
        assertThat(c.getShipBy()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
        assertThat(c.getDeliverBy()).isEqualTo(Instant.ofEpochSecond(1_800_086_400L));
        assertThat(c.getOriginRegion()).isEqualTo("CN");
        assertThat(c.getDestinationRegion()).isEqualTo("DE-BY");
        assertThat(c.getLog().getChainId()).isEqualTo(31337);
        assertThat(c.getLog().getContractAddress()).isEqualTo(ESCROW);
        assertThat(c.getLog().getBlockNumber()).isEqualTo(42);
        assertThat(c.getLog().getBlockHash()).isEqualTo(BLOCK_HASH);
        assertThat(c.getLog().getTxHash()).isEqualTo(TX);
        assertThat(c.getLog().getLogIndex()).isEqualTo(7);
        assertThat(c.getLog().getRemoved()).isFalse();
        assertThat(((DecodedLog.Event) decoder.decode(log)).key()).isEqualTo(orderId(1));
    }

    @Test
    void decodesTheOtherSevenEscrowEvents() {
        BigInteger amount = new BigInteger("123456789012345678901234567890");
        assertThat(
                        event(
                                        escrow(
                                                ChainLogDecoder.ORDER_FUNDED,
                                                data(new Uint256(amount))),
                                        EscrowFunded.class)
                                .getAmount()
                                .getValue()
                                .toBigIntegerExact())
                .isEqualTo(amount);
        assertThat(
                        event(
                                        escrow(
                                                ChainLogDecoder.ORDER_SHIPPED,
                                                data(new Utf8String("MSKU-1234567 ✓"))),
                                        EscrowShipped.class)
                                .getShipmentRef())
                .isEqualTo("MSKU-1234567 ✓");
        assertThat(
                        event(
                                        escrow(ChainLogDecoder.DELIVERY_CONFIRMED, "0x"),
                                        EscrowDeliveryConfirmed.class)
                                .getSeller())
                .isEqualTo(SELLER);
        assertThat(
                        event(
                                        escrow(
                                                ChainLogDecoder.PAYMENT_RELEASED,
                                                data(new Uint256(amount))),
                                        EscrowReleased.class)
                                .getAmount()
                                .getValue()
                                .toBigIntegerExact())
                .isEqualTo(amount);
        EscrowDisputed d =
                event(
                        escrow(
                                ChainLogDecoder.DISPUTE_OPENED,
                                data(new Address(BUYER), new Utf8String("goods damaged"))),
                        EscrowDisputed.class);
        assertThat(d.getOpenedBy()).isEqualTo(BUYER);
        assertThat(d.getReason()).isEqualTo("goods damaged");
        EscrowResolved r =
                event(
                        escrow(
                                ChainLogDecoder.DISPUTE_RESOLVED,
                                data(
                                        new Address(ARBITER),
                                        new Uint256(BigInteger.valueOf(30)),
                                        new Uint256(BigInteger.valueOf(70)))),
                        EscrowResolved.class);
        assertThat(r.getArbiter()).isEqualTo(ARBITER);
        assertThat(r.getBuyerAmount().getValue().intValueExact()).isEqualTo(30);
        assertThat(r.getSellerAmount().getValue().intValueExact()).isEqualTo(70);
        assertThat(
                        event(
                                        escrow(ChainLogDecoder.REFUNDED, data(new Uint256(amount))),
                                        EscrowRefunded.class)
                                .getBuyer())
                .isEqualTo(BUYER);
    }

    @Test
    void decodesAnErc20TransferWithTheLargestUint256Exactly() {
        RawLog log =
                raw(
                        TOKEN,
                        List.of(ChainLogDecoder.TRANSFER_TOPIC, topic(BUYER), topic(SELLER)),
                        data(new Uint256(MAX_UINT256)));
        Erc20Transfer t = event(log, Erc20Transfer.class);
        assertThat(t.getToken()).isEqualTo(TOKEN);
        assertThat(t.getFrom()).isEqualTo(BUYER);
        assertThat(t.getTo()).isEqualTo(SELLER);
        assertThat(t.getValue().getValue().toPlainString())
                .isEqualTo(
                        "115792089237316195423570985008687907853269984665640564039457584007913129639935");
        assertThat(((DecodedLog.Event) decoder.decode(log)).key()).isEqualTo(TOKEN);
    }

    @Test
    void wrongTopicCountIsMalformed() {
        assertThat(
                        malformed(
                                raw(
                                        ESCROW,
                                        List.of(
                                                ChainLogDecoder.ORDER_FUNDED,
                                                orderId(1),
                                                topic(BUYER)),
                                        data(new Uint256(BigInteger.ONE)))))
                .contains("OrderFunded must have 4 topics")
                .contains("has 3");
        // ERC-721 Transfer shares the signature but indexes the token id: 4 topics
        assertThat(
                        malformed(
                                raw(
                                        TOKEN,
                                        List.of(
                                                ChainLogDecoder.TRANSFER_TOPIC,
                                                topic(BUYER),
                                                topic(SELLER),
                                                orderId(9)),
                                        "0x")))
                .contains("Transfer must have 3 topics");
        assertThat(malformed(raw(ESCROW, List.of(), "0x"))).contains("no topics");
    }

    @Test
    void undecodableDataIsMalformed() {
        assertThat(malformed(escrow(ChainLogDecoder.ORDER_FUNDED, "0x1234")))
                .contains("data too short");
        assertThat(
                        malformed(
                                escrow(
                                        ChainLogDecoder.ORDER_FUNDED,
                                        data(
                                                new Uint256(BigInteger.ONE),
                                                new Uint256(BigInteger.TWO)))))
                .contains("data is 64 bytes, the ABI encoding takes 32");
        assertThat(malformed(escrow(ChainLogDecoder.DELIVERY_CONFIRMED, "0x00")))
                .contains("data is 1 bytes");
        assertThat(malformed(escrow(ChainLogDecoder.ORDER_FUNDED, "0xzz"))).contains("not hex");
        // string offset pointing past the data
        String badOffset = "0x" + String.format("%064x", 4096);
        assertThat(malformed(escrow(ChainLogDecoder.ORDER_SHIPPED, badOffset)))
                .contains("out of the data");
        // string length longer than the data
        String longString = "0x" + String.format("%064x%064x", 32, 1000) + "00".repeat(32);
        assertThat(malformed(escrow(ChainLogDecoder.ORDER_SHIPPED, longString)))
                .contains("runs past the end");
        // invalid UTF-8
        String badUtf8 = "0x" + String.format("%064x%064x", 32, 2) + "c328" + "00".repeat(30);
        assertThat(malformed(escrow(ChainLogDecoder.ORDER_SHIPPED, badUtf8)))
                .contains("not valid UTF-8");
        // an address word with bits above 160
        String dirtyAddress =
                data(new Address(BUYER), new Utf8String("x")).replace("0x0000", "0x0001");
        assertThat(malformed(escrow(ChainLogDecoder.DISPUTE_OPENED, dirtyAddress)))
                .contains("not zero-padded");
        // an indexed address with bits above 160
        String dirtyTopic = "0x1" + topic(BUYER).substring(3);
        assertThat(
                        malformed(
                                raw(
                                        TOKEN,
                                        List.of(
                                                ChainLogDecoder.TRANSFER_TOPIC,
                                                dirtyTopic,
                                                topic(SELLER)),
                                        data(new Uint256(BigInteger.ONE)))))
                .contains("not an address");
    }

    @Test
    void logsOfUntrackedContractsOrEventsAreIgnored() {
        RawLog transferFromEscrow =
                raw(
                        ESCROW,
                        List.of(ChainLogDecoder.TRANSFER_TOPIC, topic(BUYER), topic(SELLER)),
                        data(new Uint256(BigInteger.ONE)));
        assertThat(decoder.decode(transferFromEscrow)).isInstanceOf(DecodedLog.Ignored.class);
        RawLog escrowEventFromToken =
                raw(
                        TOKEN,
                        List.of(ChainLogDecoder.REFUNDED, orderId(1), topic(BUYER), topic(SELLER)),
                        data(new Uint256(BigInteger.ONE)));
        assertThat(decoder.decode(escrowEventFromToken)).isInstanceOf(DecodedLog.Ignored.class);
        RawLog other = raw(ESCROW, List.of("0x" + "11".repeat(32)), "0x");
        assertThat(decoder.decode(other)).isInstanceOf(DecodedLog.Ignored.class);
    }

    /** A created log with the largest amount, as a RawLog. */
    private static final class EscrowLogsRaw {
        static RawLog created() {
            FakeChain.LogSpec s = EscrowLogs.created(1, MAX_UINT256.toString(), TX);
            return raw(s.address(), s.topics(), s.data());
        }
    }
}
