package io.crosstrust.ingest.chain;

import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Runs many TradeEscrow lifecycles on anvil fast: automine off, each step of every order sent as
 * one wave of transactions (from the node's unlocked accounts) and mined into as many blocks as the
 * gas limit needs. Three kinds, by order index: release (created, funded, shipped, delivery
 * confirmed, released), dispute (created, funded, shipped, disputed, resolved 40/60) and refund
 * (created, funded, refunded after the ship-by date). Returns the escrow events each order must
 * produce, in order.
 */
final class EscrowWorkload {
    static final long GAS = 400_000;
    private static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private final LocalChainClient chain;
    private final TradeEscrow escrow;
    private final TestStablecoin usd;
    private final List<String> buyers;
    private final List<String> sellers;
    private final String arbiter;

    EscrowWorkload(LocalChainClient chain, TradeEscrow escrow, TestStablecoin usd) {
        this.chain = chain;
        this.escrow = escrow;
        this.usd = usd;
        List<String> a = chain.accounts();
        this.arbiter = a.get(9);
        this.buyers = a.subList(1, 5);
        this.sellers = a.subList(5, 9);
    }

    /** Mints stablecoins to the buyers and approves the escrow (automine on). */
    void prepare() throws Exception {
        for (String b : buyers) {
            usd.mint(b, BigInteger.TEN.pow(18)).send();
            TestStablecoin.load(
                            usd.getContractAddress(),
                            chain.web3j(),
                            chain.manager(b),
                            LocalChainClient.GAS)
                    .approve(escrow.getContractAddress(), MAX)
                    .send();
        }
    }

    static String orderId(long i) {
        return Hash.sha3String("order-" + i);
    }

    enum Kind {
        RELEASE,
        DISPUTE,
        REFUND
    }

    static Kind kind(long i) {
        return switch ((int) (i % 5)) {
            case 3 -> Kind.DISPUTE;
            case 4 -> Kind.REFUND;
            default -> Kind.RELEASE;
        };
    }

    static List<String> expectedEvents(Kind kind) {
        return switch (kind) {
            case RELEASE ->
                    List.of(
                            "EscrowCreated",
                            "EscrowFunded",
                            "EscrowShipped",
                            "EscrowDeliveryConfirmed",
                            "EscrowReleased");
            case DISPUTE ->
                    List.of(
                            "EscrowCreated",
                            "EscrowFunded",
                            "EscrowShipped",
                            "EscrowDisputed",
                            "EscrowResolved");
            case REFUND -> List.of("EscrowCreated", "EscrowFunded", "EscrowRefunded");
        };
    }

    /**
     * Runs lifecycles {@code from .. from + count - 1}; returns order id (0x-hex) to the record
     * types it must produce, in order. Leaves automine on.
     */
    Map<String, List<String>> run(long from, int count) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        List<Long> orders = new ArrayList<>();
        for (long i = from; i < from + count; i++) {
            orders.add(i);
            expected.put(orderId(i), expectedEvents(kind(i)));
        }
        long now = chain.latestTimestamp();
        chain.setAutomine(false);
        try {
            wave(
                    orders,
                    i -> buyer(i),
                    i ->
                            escrow.createOrder(
                                            id(i),
                                            seller(i),
                                            usd.getContractAddress(),
                                            BigInteger.valueOf(1_000_000 + i),
                                            BigInteger.valueOf(
                                                    now
                                                            + (kind(i) == Kind.REFUND
                                                                    ? 600
                                                                    : 30 * 86_400)),
                                            BigInteger.valueOf(now + 60 * 86_400),
                                            "CN",
                                            i % 2 == 0 ? "DE" : "US-CA")
                                    .encodeFunctionCall());
            wave(orders, i -> buyer(i), i -> escrow.fund(id(i)).encodeFunctionCall());
            List<Long> shipping = orders.stream().filter(i -> kind(i) != Kind.REFUND).toList();
            wave(
                    shipping,
                    i -> seller(i),
                    i -> escrow.markShipped(id(i), "MSKU" + (1_000_000 + i)).encodeFunctionCall());
            wave(
                    shipping,
                    i -> buyer(i),
                    i ->
                            kind(i) == Kind.RELEASE
                                    ? escrow.confirmDelivery(id(i)).encodeFunctionCall()
                                    : escrow.openDispute(id(i), "damaged in transit")
                                            .encodeFunctionCall());
            wave(
                    shipping,
                    i -> kind(i) == Kind.RELEASE ? seller(i) : arbiter,
                    i -> {
                        if (kind(i) == Kind.RELEASE) {
                            return escrow.release(id(i)).encodeFunctionCall();
                        }
                        BigInteger amount = BigInteger.valueOf(1_000_000 + i);
                        BigInteger toBuyer =
                                amount.multiply(BigInteger.valueOf(4)).divide(BigInteger.TEN);
                        return escrow.resolveDispute(id(i), toBuyer, amount.subtract(toBuyer))
                                .encodeFunctionCall();
                    });
            List<Long> refunds = orders.stream().filter(i -> kind(i) == Kind.REFUND).toList();
            if (!refunds.isEmpty()) {
                // past every refund order's ship-by date (an absolute time: a node restarted from a
                // state dump forgets earlier evm_increaseTime offsets)
                chain.setNextBlockTimestamp(Math.max(now + 700, chain.latestTimestamp() + 1));
                wave(refunds, i -> buyer(i), i -> escrow.refund(id(i)).encodeFunctionCall());
            }
        } finally {
            chain.setAutomine(true);
        }
        return expected;
    }

    private void wave(
            List<Long> orders,
            java.util.function.LongFunction<String> from,
            java.util.function.LongFunction<String> data) {
        String at = escrow.getContractAddress();
        for (long i : orders) {
            chain.send(from.apply(i), at, data.apply(i), GAS);
        }
        chain.mineUntilEmpty();
    }

    private String buyer(long i) {
        return buyers.get((int) (i % buyers.size()));
    }

    private String seller(long i) {
        return sellers.get((int) ((i / buyers.size()) % sellers.size()));
    }

    private static byte[] id(long i) {
        return Numeric.hexStringToByteArray(orderId(i));
    }
}
