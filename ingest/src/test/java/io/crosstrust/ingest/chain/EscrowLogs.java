package io.crosstrust.ingest.chain;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/** Builds TradeEscrow and ERC-20 logs the way solc encodes them, for decoder and listener tests. */
final class EscrowLogs {
    static final String ESCROW = "0x00000000000000000000000000000000000e5c00";
    static final String TOKEN = "0x0000000000000000000000000000000000070c00";
    static final String BUYER = "0x00000000000000000000000000000000000000b1";
    static final String SELLER = "0x00000000000000000000000000000000000000c5";
    static final String ARBITER = "0x00000000000000000000000000000000000000a1";

    private EscrowLogs() {}

    static String orderId(int n) {
        return String.format("0x%064x", n + 0x1000);
    }

    static String topic(String address) {
        return "0x" + TypeEncoder.encode(new Address(address));
    }

    static String data(Type<?>... values) {
        return "0x" + FunctionEncoder.encodeConstructor(List.of(values));
    }

    static String tx(int n) {
        return String.format("0x%064x", 0xabc000 + n);
    }

    static FakeChain.LogSpec created(int order, String amount, String txHash) {
        return new FakeChain.LogSpec(
                ESCROW,
                List.of(ChainLogDecoder.ORDER_CREATED, orderId(order), topic(BUYER), topic(SELLER)),
                data(
                        new Address(TOKEN),
                        new Uint256(new BigInteger(amount)),
                        new Uint64(BigInteger.valueOf(1_800_000_000L)),
                        new Uint64(BigInteger.valueOf(1_800_086_400L)),
                        new Utf8String("CN"),
                        new Utf8String("DE-BY")),
                txHash);
    }

    static FakeChain.LogSpec funded(int order, String amount, String txHash) {
        return new FakeChain.LogSpec(
                ESCROW,
                List.of(ChainLogDecoder.ORDER_FUNDED, orderId(order), topic(BUYER), topic(SELLER)),
                data(new Uint256(new BigInteger(amount))),
                txHash);
    }

    static FakeChain.LogSpec transfer(String from, String to, String value, String txHash) {
        return new FakeChain.LogSpec(
                TOKEN,
                List.of(ChainLogDecoder.TRANSFER_TOPIC, topic(from), topic(to)),
                data(new Uint256(new BigInteger(value))),
                txHash);
    }
}
