package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import io.crosstrust.ingest.chain.contracts.testing.HookToken;
import io.crosstrust.ingest.chain.contracts.testing.MaliciousToken;
import io.crosstrust.ingest.chain.contracts.testing.ReentrantReceiver;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/**
 * TradeEscrow and TestStablecoin on a real anvil, through the generated web3j wrappers: every
 * transition with its event and balances, every revert with its custom error (wrong caller, wrong
 * state, double release, timeouts not reached and passed, bad input), and re-entry during payouts
 * by a malicious token and by a malicious receiver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TradeEscrowITCase {
    private static final BigInteger USD = BigInteger.TEN.pow(6); // 6 decimals
    private static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final long DAY = 86_400;
    private static final SecureRandom RANDOM = new SecureRandom();

    // states of TradeEscrow.State
    private static final int CREATED = 1;
    private static final int FUNDED = 2;
    private static final int SHIPPED = 3;
    private static final int DELIVERED = 4;
    private static final int RELEASED = 5;
    private static final int DISPUTED = 6;
    private static final int RESOLVED = 7;
    private static final int REFUNDED = 8;

    private AnvilNode node;
    private LocalChainClient chain;
    private String admin;
    private String buyer;
    private String seller;
    private String arbiter;
    private String stranger;
    private TestStablecoin usd;
    private TradeEscrow escrow;

    @BeforeAll
    void deploy(@TempDir Path dir) throws Exception {
        node = AnvilNode.start(dir, 0, Duration.ZERO);
        chain = LocalChainClient.connect(node.rpcUrl());
        List<String> a = chain.accounts();
        admin = a.get(0);
        buyer = a.get(1);
        seller = a.get(2);
        arbiter = a.get(3);
        stranger = a.get(4);
        usd = chain.deployStablecoin(admin);
        escrow = chain.deployEscrow(admin, arbiter, usd.getContractAddress());
        usd.mint(buyer, USD.multiply(BigInteger.valueOf(1_000_000))).send();
        as(usd, buyer).approve(escrow.getContractAddress(), MAX).send();
    }

    @AfterAll
    void stop() {
        chain.close();
        node.close();
    }

    private TradeEscrow as(TradeEscrow c, String from) {
        return TradeEscrow.load(
                c.getContractAddress(), chain.web3j(), chain.manager(from), LocalChainClient.GAS);
    }

    private TestStablecoin as(TestStablecoin c, String from) {
        return TestStablecoin.load(
                c.getContractAddress(), chain.web3j(), chain.manager(from), LocalChainClient.GAS);
    }

    private static byte[] newOrderId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return id;
    }

    private static String selector(String errorSignature) {
        return Hash.sha3String(errorSignature).substring(0, 10);
    }

    /** The call would revert with this custom error, and sending it fails on-chain. */
    private void assertReverts(
            String from, String to, RemoteFunctionCall<TransactionReceipt> call, String error) {
        String data = chain.revertData(from, to, call.encodeFunctionCall());
        assertThat(data).as("revert data of " + error).startsWith(selector(error));
    }

    private void assertRevertsOnChain(RemoteFunctionCall<TransactionReceipt> call) {
        assertThatThrownBy(call::send)
                .isInstanceOf(TransactionException.class)
                .hasMessageContaining("status: 0x0");
    }

    private long now() {
        return chain.latestTimestamp();
    }

    private int state(byte[] orderId) throws Exception {
        return escrow.stateOf(orderId).send().intValueExact();
    }

    private BigInteger balance(String who) throws Exception {
        return usd.balanceOf(who).send();
    }

    private byte[] createdOrder(BigInteger amount, long shipIn, long deliverIn) throws Exception {
        byte[] id = newOrderId();
        long t = now();
        as(escrow, buyer)
                .createOrder(
                        id,
                        seller,
                        usd.getContractAddress(),
                        amount,
                        BigInteger.valueOf(t + shipIn),
                        BigInteger.valueOf(t + deliverIn),
                        "CN",
                        "DE")
                .send();
        return id;
    }

    private byte[] fundedOrder(BigInteger amount) throws Exception {
        byte[] id = createdOrder(amount, 30 * DAY, 60 * DAY);
        as(escrow, buyer).fund(id).send();
        return id;
    }

    @Test
    void theStablecoinHasSixDecimalsAndOnlyMintersMint() throws Exception {
        assertThat(usd.decimals().send().intValue()).isEqualTo(6);
        assertThat(usd.symbol().send()).isEqualTo("tUSD");
        String minterRole = Numeric.toHexString(usd.MINTER_ROLE().send());
        assertThat(minterRole).isEqualTo(Hash.sha3String("MINTER_ROLE"));
        assertReverts(
                stranger,
                usd.getContractAddress(),
                as(usd, stranger).mint(stranger, USD),
                "AccessControlUnauthorizedAccount(address,bytes32)");
        assertReverts(
                admin,
                usd.getContractAddress(),
                usd.mintBatch(List.of(buyer, seller), List.of(USD)),
                "LengthMismatch(uint256,uint256)");
        TransactionReceipt r =
                usd.mintBatch(List.of(stranger, arbiter, stranger), List.of(USD, USD, USD)).send();
        assertThat(TestStablecoin.getTransferEvents(r)).hasSize(3);
    }

    @Test
    void theHappyPathMovesFundsBuyerToEscrowToSellerWithAnEventPerStep() throws Exception {
        BigInteger amount = USD.multiply(BigInteger.valueOf(2_500)).add(BigInteger.valueOf(17));
        BigInteger buyerBefore = balance(buyer);
        BigInteger sellerBefore = balance(seller);
        long t = now();
        byte[] id = newOrderId();
        TransactionReceipt created =
                as(escrow, buyer)
                        .createOrder(
                                id,
                                seller,
                                usd.getContractAddress(),
                                amount,
                                BigInteger.valueOf(t + 7 * DAY),
                                BigInteger.valueOf(t + 21 * DAY),
                                "CN-GD",
                                "DE")
                        .send();
        TradeEscrow.OrderCreatedEventResponse c = TradeEscrow.getOrderCreatedEvents(created).get(0);
        assertThat(c.orderId).isEqualTo(id);
        assertThat(c.buyer).isEqualToIgnoringCase(buyer);
        assertThat(c.seller).isEqualToIgnoringCase(seller);
        assertThat(c.amount).isEqualTo(amount);
        assertThat(c.shipBy).isEqualTo(BigInteger.valueOf(t + 7 * DAY));
        assertThat(c.originRegion).isEqualTo("CN-GD");
        assertThat(state(id)).isEqualTo(CREATED);

        TransactionReceipt funded = as(escrow, buyer).fund(id).send();
        assertThat(TradeEscrow.getOrderFundedEvents(funded).get(0).amount).isEqualTo(amount);
        assertThat(state(id)).isEqualTo(FUNDED);
        assertThat(balance(buyer)).isEqualTo(buyerBefore.subtract(amount));
        assertThat(balance(escrow.getContractAddress())).isGreaterThanOrEqualTo(amount);

        TransactionReceipt shipped = as(escrow, seller).markShipped(id, "MSKU-7654321").send();
        assertThat(TradeEscrow.getOrderShippedEvents(shipped).get(0).shipmentRef)
                .isEqualTo("MSKU-7654321");
        assertThat(state(id)).isEqualTo(SHIPPED);

        TransactionReceipt delivered = as(escrow, buyer).confirmDelivery(id).send();
        assertThat(TradeEscrow.getDeliveryConfirmedEvents(delivered)).hasSize(1);
        assertThat(state(id)).isEqualTo(DELIVERED);

        BigInteger escrowBefore = balance(escrow.getContractAddress());
        TransactionReceipt released = as(escrow, seller).release(id).send();
        TradeEscrow.PaymentReleasedEventResponse p =
                TradeEscrow.getPaymentReleasedEvents(released).get(0);
        assertThat(p.orderId).isEqualTo(id);
        assertThat(p.amount).isEqualTo(amount);
        assertThat(state(id)).isEqualTo(RELEASED);
        assertThat(balance(seller)).isEqualTo(sellerBefore.add(amount));
        assertThat(balance(escrow.getContractAddress())).isEqualTo(escrowBefore.subtract(amount));

        TradeEscrow.Order stored = escrow.getOrder(id).send();
        assertThat(stored.buyer).isEqualToIgnoringCase(buyer);
        assertThat(stored.amount).isEqualTo(amount);
        assertThat(stored.state).isEqualTo(BigInteger.valueOf(RELEASED));

        // double release: the second one reverts and pays nothing
        assertReverts(
                buyer,
                escrow.getContractAddress(),
                as(escrow, buyer).release(id),
                "WrongState(bytes32,uint8)");
        assertRevertsOnChain(as(escrow, buyer).release(id));
        assertThat(balance(seller)).isEqualTo(sellerBefore.add(amount));
    }

    @Test
    void aDisputeIsResolvedByTheArbiterWithAnExactSplit() throws Exception {
        BigInteger amount = USD.multiply(BigInteger.valueOf(1_000));
        byte[] id = fundedOrder(amount);
        as(escrow, seller).markShipped(id, "AWB 123-45678901").send();
        TransactionReceipt opened = as(escrow, buyer).openDispute(id, "goods damaged").send();
        TradeEscrow.DisputeOpenedEventResponse d =
                TradeEscrow.getDisputeOpenedEvents(opened).get(0);
        assertThat(d.openedBy).isEqualToIgnoringCase(buyer);
        assertThat(d.reason).isEqualTo("goods damaged");
        assertThat(state(id)).isEqualTo(DISPUTED);

        // a disputed order can be neither released nor confirmed nor disputed again
        assertReverts(
                seller,
                escrow.getContractAddress(),
                as(escrow, seller).release(id),
                "WrongState(bytes32,uint8)");
        assertReverts(
                buyer,
                escrow.getContractAddress(),
                as(escrow, buyer).confirmDelivery(id),
                "WrongState(bytes32,uint8)");
        assertReverts(
                seller,
                escrow.getContractAddress(),
                as(escrow, seller).openDispute(id, "again"),
                "WrongState(bytes32,uint8)");
        // only the arbiter resolves, and only with parts that add up
        assertReverts(
                buyer,
                escrow.getContractAddress(),
                as(escrow, buyer).resolveDispute(id, amount, BigInteger.ZERO),
                "AccessControlUnauthorizedAccount(address,bytes32)");
        assertReverts(
                arbiter,
                escrow.getContractAddress(),
                as(escrow, arbiter).resolveDispute(id, USD, USD),
                "InvalidSplit(bytes32,uint256,uint256,uint256)");

        BigInteger buyerBefore = balance(buyer);
        BigInteger sellerBefore = balance(seller);
        BigInteger toBuyer = USD.multiply(BigInteger.valueOf(300));
        BigInteger toSeller = amount.subtract(toBuyer);
        TransactionReceipt resolved =
                as(escrow, arbiter).resolveDispute(id, toBuyer, toSeller).send();
        TradeEscrow.DisputeResolvedEventResponse r =
                TradeEscrow.getDisputeResolvedEvents(resolved).get(0);
        assertThat(r.arbiter).isEqualToIgnoringCase(arbiter);
        assertThat(r.buyerAmount).isEqualTo(toBuyer);
        assertThat(r.sellerAmount).isEqualTo(toSeller);
        assertThat(state(id)).isEqualTo(RESOLVED);
        assertThat(balance(buyer)).isEqualTo(buyerBefore.add(toBuyer));
        assertThat(balance(seller)).isEqualTo(sellerBefore.add(toSeller));
        assertReverts(
                arbiter,
                escrow.getContractAddress(),
                as(escrow, arbiter).resolveDispute(id, toBuyer, toSeller),
                "WrongState(bytes32,uint8)");
    }

    @Test
    void aFundedDisputeCanGoAllToOneSideAndTheSellerMayOpenIt() throws Exception {
        BigInteger amount = USD.multiply(BigInteger.valueOf(40));
        byte[] id = fundedOrder(amount);
        as(escrow, seller).openDispute(id, "buyer unreachable").send();
        BigInteger buyerBefore = balance(buyer);
        as(escrow, arbiter).resolveDispute(id, amount, BigInteger.ZERO).send();
        assertThat(balance(buyer)).isEqualTo(buyerBefore.add(amount));
    }

    @Test
    void theArbiterMayNotResolveItsOwnOrder() throws Exception {
        as(usd, admin).mint(arbiter, USD.multiply(BigInteger.valueOf(100))).send();
        as(usd, arbiter).approve(escrow.getContractAddress(), MAX).send();
        byte[] id = newOrderId();
        long t = now();
        as(escrow, arbiter)
                .createOrder(
                        id,
                        seller,
                        usd.getContractAddress(),
                        USD,
                        BigInteger.valueOf(t + DAY),
                        BigInteger.valueOf(t + 2 * DAY),
                        "US",
                        "MX")
                .send();
        as(escrow, arbiter).fund(id).send();
        as(escrow, seller).openDispute(id, "late").send();
        assertReverts(
                arbiter,
                escrow.getContractAddress(),
                as(escrow, arbiter).resolveDispute(id, USD, BigInteger.ZERO),
                "ArbiterIsParty(bytes32,address)");
    }

    @Test
    void theBuyerIsRefundedOnlyAfterTheShipByDatePassedUnshipped() throws Exception {
        BigInteger amount = USD.multiply(BigInteger.valueOf(75));
        byte[] id = createdOrder(amount, 3_600, 7_200);
        assertReverts(
                buyer,
                escrow.getContractAddress(),
                as(escrow, buyer).refund(id),
                "WrongState(bytes32,uint8)"); // not funded yet
        as(escrow, buyer).fund(id).send();
        BigInteger buyerBefore = balance(buyer);
        assertReverts(
                buyer,
                escrow.getContractAddress(),
                as(escrow, buyer).refund(id),
                "TimeoutNotReached(bytes32,uint64)");
        assertRevertsOnChain(as(escrow, buyer).refund(id));
        assertReverts(
                stranger,
                escrow.getContractAddress(),
                as(escrow, stranger).refund(id),
                "NotParty(bytes32,address)");

        chain.increaseTime(3_700);
        chain.mine();
        assertReverts(
                seller,
                escrow.getContractAddress(),
                as(escrow, seller).markShipped(id, "too late"),
                "DeadlinePassed(bytes32,uint64)");
        TransactionReceipt refunded = as(escrow, seller).refund(id).send(); // either party may
        TradeEscrow.RefundedEventResponse r = TradeEscrow.getRefundedEvents(refunded).get(0);
        assertThat(r.amount).isEqualTo(amount);
        assertThat(r.buyer).isEqualToIgnoringCase(buyer);
        assertThat(state(id)).isEqualTo(REFUNDED);
        assertThat(balance(buyer)).isEqualTo(buyerBefore.add(amount));
        assertReverts(
                buyer,
                escrow.getContractAddress(),
                as(escrow, buyer).refund(id),
                "WrongState(bytes32,uint8)");
    }

    @Test
    void anOrderIsNotFundedAfterItsShipByDate() throws Exception {
        byte[] id = createdOrder(USD, 600, 1_200);
        chain.increaseTime(700);
        chain.mine();
        assertReverts(
                buyer,
                escrow.getContractAddress(),
                as(escrow, buyer).fund(id),
                "DeadlinePassed(bytes32,uint64)");
    }

    @Test
    void createOrderRejectsBadInput() throws Exception {
        long t = now();
        String token = usd.getContractAddress();
        BigInteger ship = BigInteger.valueOf(t + DAY);
        BigInteger deliver = BigInteger.valueOf(t + 2 * DAY);
        TradeEscrow b = as(escrow, buyer);
        String at = escrow.getContractAddress();
        String invalid = "InvalidOrder(string)";
        assertReverts(
                buyer,
                at,
                b.createOrder(new byte[32], seller, token, USD, ship, deliver, "CN", "DE"),
                invalid);
        assertReverts(
                buyer,
                at,
                b.createOrder(newOrderId(), buyer, token, USD, ship, deliver, "CN", "DE"),
                invalid);
        assertReverts(
                buyer,
                at,
                b.createOrder(newOrderId(), seller, stranger, USD, ship, deliver, "CN", "DE"),
                "TokenNotAllowed(address)");
        assertReverts(
                buyer,
                at,
                b.createOrder(
                        newOrderId(), seller, token, BigInteger.ZERO, ship, deliver, "CN", "DE"),
                invalid);
        assertReverts(
                buyer,
                at,
                b.createOrder(
                        newOrderId(),
                        seller,
                        token,
                        USD,
                        BigInteger.valueOf(t - 1),
                        deliver,
                        "CN",
                        "DE"),
                invalid);
        assertReverts(
                buyer,
                at,
                b.createOrder(newOrderId(), seller, token, USD, deliver, ship, "CN", "DE"),
                invalid);
        assertReverts(
                buyer,
                at,
                b.createOrder(newOrderId(), seller, token, USD, ship, deliver, "CHINA-X", "DE"),
                invalid);
        byte[] id = createdOrder(USD, DAY, 2 * DAY);
        assertReverts(
                buyer,
                at,
                b.createOrder(id, seller, token, USD, ship, deliver, "CN", "DE"),
                "OrderExists(bytes32)");
        assertReverts(
                stranger,
                at,
                as(escrow, stranger).setTokenAllowed(stranger, true),
                "AccessControlUnauthorizedAccount(address,bytes32)");
    }

    @Test
    void eachStepRejectsTheWrongCaller() throws Exception {
        String at = escrow.getContractAddress();
        byte[] created = createdOrder(USD, DAY, 2 * DAY);
        assertReverts(seller, at, as(escrow, seller).fund(created), "NotBuyer(bytes32,address)");
        byte[] funded = fundedOrder(USD);
        assertReverts(
                buyer,
                at,
                as(escrow, buyer).markShipped(funded, "x"),
                "NotSeller(bytes32,address)");
        assertReverts(
                stranger,
                at,
                as(escrow, stranger).openDispute(funded, "x"),
                "NotParty(bytes32,address)");
        as(escrow, seller).markShipped(funded, "ref").send();
        assertReverts(
                seller,
                at,
                as(escrow, seller).confirmDelivery(funded),
                "NotBuyer(bytes32,address)");
        as(escrow, buyer).confirmDelivery(funded).send();
        assertReverts(
                stranger, at, as(escrow, stranger).release(funded), "NotParty(bytes32,address)");
    }

    @Test
    void eachStepRejectsTheWrongState() throws Exception {
        String at = escrow.getContractAddress();
        String wrong = "WrongState(bytes32,uint8)";
        byte[] created = createdOrder(USD, DAY, 2 * DAY);
        assertReverts(seller, at, as(escrow, seller).markShipped(created, "x"), wrong);
        assertReverts(buyer, at, as(escrow, buyer).confirmDelivery(created), wrong);
        assertReverts(buyer, at, as(escrow, buyer).release(created), wrong);
        assertReverts(buyer, at, as(escrow, buyer).openDispute(created, "x"), wrong);
        assertReverts(
                arbiter,
                at,
                as(escrow, arbiter).resolveDispute(created, USD, BigInteger.ZERO),
                wrong);
        byte[] funded = fundedOrder(USD);
        assertReverts(buyer, at, as(escrow, buyer).fund(funded), wrong);
        assertReverts(buyer, at, as(escrow, buyer).release(funded), wrong);
        as(escrow, seller).markShipped(funded, "ref").send();
        assertReverts(seller, at, as(escrow, seller).markShipped(funded, "ref"), wrong);
        assertReverts(buyer, at, as(escrow, buyer).refund(funded), wrong);
        as(escrow, buyer).confirmDelivery(funded).send();
        assertReverts(buyer, at, as(escrow, buyer).openDispute(funded, "x"), wrong);
        assertReverts(buyer, at, as(escrow, buyer).confirmDelivery(funded), wrong);
        assertReverts(buyer, at, as(escrow, buyer).fund(newOrderId()), wrong); // no such order
        assertReverts(seller, at, as(escrow, seller).markShipped(funded, ""), wrong);
    }

    @Test
    void aMaliciousTokenReenteringDuringTheReleaseIsStopped() throws Exception {
        MaliciousToken evil =
                MaliciousToken.deploy(chain.web3j(), chain.manager(admin), LocalChainClient.GAS)
                        .send();
        escrow.setTokenAllowed(evil.getContractAddress(), true).send();
        BigInteger amount = USD.multiply(BigInteger.valueOf(10));
        evil.mint(buyer, amount.multiply(BigInteger.TWO)).send();
        MaliciousToken evilAsBuyer =
                MaliciousToken.load(
                        evil.getContractAddress(),
                        chain.web3j(),
                        chain.manager(buyer),
                        LocalChainClient.GAS);
        evilAsBuyer.approve(escrow.getContractAddress(), MAX).send();

        // the token contract itself is the seller, so its re-entering call passes the caller checks
        String evilSeller = evil.getContractAddress();
        byte[] id = newOrderId();
        long t = now();
        as(escrow, buyer)
                .createOrder(
                        id,
                        evilSeller,
                        evilSeller,
                        amount,
                        BigInteger.valueOf(t + DAY),
                        BigInteger.valueOf(t + 2 * DAY),
                        "CN",
                        "US")
                .send();
        as(escrow, buyer).fund(id).send();
        evil.act(
                        escrow.getContractAddress(),
                        Numeric.hexStringToByteArray(
                                escrow.markShipped(id, "evil").encodeFunctionCall()))
                .send();
        as(escrow, buyer).confirmDelivery(id).send();
        byte[] releaseAgain = Numeric.hexStringToByteArray(escrow.release(id).encodeFunctionCall());

        // bubbling: the failed re-entry reverts the whole release; nothing moves
        evil.arm(escrow.getContractAddress(), releaseAgain, true).send();
        assertReverts(
                buyer,
                escrow.getContractAddress(),
                as(escrow, buyer).release(id),
                "ReentrancyGuardReentrantCall()");
        assertRevertsOnChain(as(escrow, buyer).release(id));
        assertThat(state(id)).isEqualTo(DELIVERED);
        assertThat(evil.balanceOf(evilSeller).send()).isZero();

        // swallowing: the release succeeds, the re-entry fails, the seller is paid exactly once
        evil.arm(escrow.getContractAddress(), releaseAgain, false).send();
        as(escrow, buyer).release(id).send();
        assertThat(evil.attackAttempted().send()).isTrue();
        assertThat(evil.attackSucceeded().send()).isFalse();
        assertThat(Numeric.toHexString(evil.attackError().send()))
                .isEqualTo(selector("ReentrancyGuardReentrantCall()"));
        assertThat(state(id)).isEqualTo(RELEASED);
        assertThat(evil.balanceOf(evilSeller).send()).isEqualTo(amount);
        assertThat(evil.balanceOf(escrow.getContractAddress()).send()).isZero();
    }

    @Test
    void aReceiverReenteringDuringRefundAndResolveIsStopped() throws Exception {
        HookToken hook =
                HookToken.deploy(chain.web3j(), chain.manager(admin), LocalChainClient.GAS).send();
        escrow.setTokenAllowed(hook.getContractAddress(), true).send();
        ReentrantReceiver receiver =
                ReentrantReceiver.deploy(chain.web3j(), chain.manager(admin), LocalChainClient.GAS)
                        .send();
        String at = escrow.getContractAddress();
        BigInteger amount = USD.multiply(BigInteger.valueOf(5));
        hook.mint(receiver.getContractAddress(), amount.multiply(BigInteger.TEN)).send();
        receiver.approve(hook.getContractAddress(), at, MAX).send();
        hook.setHooked(receiver.getContractAddress(), true).send();

        // refund: the receiver is the buyer and tries to take the refund twice
        byte[] id = newOrderId();
        long t = now();
        receiver.act(
                        at,
                        bytes(
                                escrow.createOrder(
                                        id,
                                        seller,
                                        hook.getContractAddress(),
                                        amount,
                                        BigInteger.valueOf(t + 600),
                                        BigInteger.valueOf(t + 1_200),
                                        "BR",
                                        "PT")))
                .send();
        receiver.act(at, bytes(escrow.fund(id))).send();
        chain.increaseTime(700);
        chain.mine();
        receiver.arm(at, bytes(escrow.refund(id)), false).send();
        BigInteger before = hook.balanceOf(receiver.getContractAddress()).send();
        as(escrow, seller).refund(id).send();
        assertThat(receiver.attackAttempted().send()).isTrue();
        assertThat(receiver.attackSucceeded().send()).isFalse();
        assertThat(Numeric.toHexString(receiver.attackError().send()))
                .isEqualTo(selector("ReentrancyGuardReentrantCall()"));
        assertThat(hook.balanceOf(receiver.getContractAddress()).send())
                .isEqualTo(before.add(amount));
        assertThat(state(id)).isEqualTo(REFUNDED);

        // resolve: the receiver is the buyer again, and re-enters refund while the split pays out
        byte[] disputed = newOrderId();
        t = now();
        receiver.act(
                        at,
                        bytes(
                                escrow.createOrder(
                                        disputed,
                                        seller,
                                        hook.getContractAddress(),
                                        amount,
                                        BigInteger.valueOf(t + DAY),
                                        BigInteger.valueOf(t + 2 * DAY),
                                        "BR",
                                        "PT")))
                .send();
        receiver.act(at, bytes(escrow.fund(disputed))).send();
        receiver.act(at, bytes(escrow.openDispute(disputed, "never arrived"))).send();
        receiver.arm(at, bytes(escrow.refund(disputed)), false).send();
        BigInteger half = amount.divide(BigInteger.TWO);
        before = hook.balanceOf(receiver.getContractAddress()).send();
        BigInteger sellerBefore = hook.balanceOf(seller).send();
        as(escrow, arbiter).resolveDispute(disputed, half, amount.subtract(half)).send();
        assertThat(receiver.attackAttempted().send()).isTrue();
        assertThat(receiver.attackSucceeded().send()).isFalse();
        assertThat(hook.balanceOf(receiver.getContractAddress()).send())
                .isEqualTo(before.add(half));
        assertThat(hook.balanceOf(seller).send())
                .isEqualTo(sellerBefore.add(amount.subtract(half)));
        assertThat(hook.balanceOf(at).send()).isZero();
    }

    private static byte[] bytes(RemoteFunctionCall<?> call) {
        return Numeric.hexStringToByteArray(call.encodeFunctionCall());
    }
}
