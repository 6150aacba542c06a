package io.crosstrust.ingest.chain.escrow;

import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.common.Money;
import io.crosstrust.events.platform.DisputeOpened;
import io.crosstrust.events.platform.DisputeReason;
import io.crosstrust.events.platform.DisputeResolved;
import io.crosstrust.events.platform.EntityRegistered;
import io.crosstrust.events.platform.Milestone;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.PaymentMade;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.platform.ShipmentMilestone;
import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import io.crosstrust.ingest.generator.GeneratedEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/**
 * Turns the trade world's escrow-settled orders ({@code OrderPlaced.settlement = ESCROW}) into the
 * TradeEscrow transactions that settle them, step by step as the world's events come in. Pure and
 * deterministic: the same events give the same calls, in the same order; nothing here talks to a
 * node (the web3j wrappers only encode the calls).
 *
 * <table>
 *   <caption>world event to chain call</caption>
 *   <tr><th>world event (escrow order)</th><th>call</th><th>sender</th></tr>
 *   <tr><td>OrderPlaced</td><td>createOrder(escrow_order_id, seller, tUSD, amount, shipBy =
 *       deliverBy = promised delivery, origin, destination); first a mint to the buyer and its
 *       approval of the escrow when its planned balance or allowance is short</td><td>buyer</td></tr>
 *   <tr><td>PaymentMade</td><td>fund</td><td>buyer</td></tr>
 *   <tr><td>ShipmentMilestone DEPARTED</td><td>markShipped(shipment id)</td><td>seller</td></tr>
 *   <tr><td>ShipmentMilestone DELIVERED, then no dispute within the inspection window</td>
 *       <td>confirmDelivery + release, at delivery + window</td><td>buyer</td></tr>
 *   <tr><td>DisputeOpened NOT_DELIVERED on a funded order never shipped, after the ship-by
 *       date</td><td>refund (the contract's own remedy)</td><td>buyer</td></tr>
 *   <tr><td>DisputeOpened otherwise (funded or shipped)</td><td>openDispute(reason)</td>
 *       <td>claimant</td></tr>
 *   <tr><td>DisputeResolved</td><td>resolveDispute(refund to the buyer, the rest to the
 *       seller)</td><td>arbiter</td></tr>
 * </table>
 *
 * <p>Parties trade from the chain addresses of their {@code EntityRegistered} events, so the chain
 * events name the same addresses the platform registered. The escrow order id is the generator's
 * {@code escrow_order_id}, which the platform's OrderPlaced carries beside its own order id: that
 * is how chain events are matched to platform orders. Amounts are the world's amounts in tUSD (6
 * decimals), one unit of the world's currency per tUSD.
 *
 * <p>Confirmation and release wait for the inspection window (by default 10 days, the longest the
 * world takes to dispute a delivered order) because the contract takes no dispute after delivery is
 * confirmed. A step the contract would refuse (funding or shipping after the ship-by date, a step
 * of an order whose earlier step was refused) is not sent: it is counted under {@link #skipped()}
 * and the order is no longer followed. Orders are forgotten when settled, or {@code retention}
 * after they were placed.
 *
 * <p>Times: a call's {@code worldTime} is the world step's time plus a fixed offset, in unix
 * seconds: 0 when the chain's clock is behind the world's start (the local stack starts anvil's
 * genesis before it), otherwise what puts the world's first event just after the chain's newest
 * block. Not thread-safe.
 */
public final class EscrowLifecycles {
    /** Gas limits per call: well above what each one uses (measured in EscrowExecutorITCase). */
    static final Map<EscrowCall.Kind, Long> GAS = gasLimits();

    /** The largest uint256: the buyers' allowance for the escrow. */
    private static final BigInteger MAX_ALLOWANCE =
            BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    /** Settings of the mapping. */
    public record Settings(Duration inspectionWindow, BigInteger buyerFloat, Duration retention) {
        public static final Settings DEFAULT =
                new Settings(
                        Duration.ofDays(10),
                        BigInteger.valueOf(1_000_000L).multiply(BigInteger.TEN.pow(6)),
                        Duration.ofDays(400));

        public Settings {
            if (inspectionWindow.isNegative()) {
                throw new IllegalArgumentException(
                        "inspectionWindow must be >= 0, got " + inspectionWindow);
            }
            if (buyerFloat.signum() <= 0) {
                throw new IllegalArgumentException("buyerFloat must be > 0, got " + buyerFloat);
            }
            if (retention.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("retention must be >= 1 day, got " + retention);
            }
        }
    }

    private enum State {
        CREATED,
        FUNDED,
        SHIPPED,
        DISPUTED
    }

    private static final class Order {
        final String orderId;
        final String escrowId;
        final byte[] id;
        final String buyer;
        final String seller;
        final BigInteger amount;
        final long shipBy;
        final long placedAt;
        State state = State.CREATED;
        boolean delivered;

        Order(
                String orderId,
                String escrowId,
                String buyer,
                String seller,
                BigInteger amount,
                long shipBy,
                long placedAt) {
            this.orderId = orderId;
            this.escrowId = escrowId;
            this.id = Numeric.hexStringToByteArray(escrowId);
            this.buyer = buyer;
            this.seller = seller;
            this.amount = amount;
            this.shipBy = shipBy;
            this.placedAt = placedAt;
        }
    }

    private record Release(long at, long seq, Order order) {}

    private final EscrowDeployment deployment;
    private final Settings settings;
    private final long chainStart;
    private final TradeEscrow escrow;
    private final TestStablecoin token;
    private long offset = Long.MIN_VALUE;

    private final Map<String, String> addresses = new HashMap<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, BigInteger> balances = new HashMap<>();
    private final Set<String> approved = new HashSet<>();
    private final Set<String> accounts = new HashSet<>();
    private final List<String> newAccounts = new ArrayList<>();
    private final PriorityQueue<Release> releases =
            new PriorityQueue<>(
                    (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long releaseSeq;

    private long escrowOrders;
    private final Map<EscrowCall.Kind, Long> planned = new EnumMap<>(EscrowCall.Kind.class);
    private final Map<String, Long> skipped = new TreeMap<>();

    /**
     * @param deployment the contracts and accounts to trade through
     * @param settings the inspection window, the buyers' stablecoin float, the retention
     * @param chainStart timestamp of the chain's newest block when the world starts (unix seconds)
     */
    public EscrowLifecycles(EscrowDeployment deployment, Settings settings, long chainStart) {
        this.deployment = deployment;
        this.settings = settings;
        this.chainStart = chainStart;
        // The wrappers only encode calls here: this web3j is never asked anything.
        Web3j encoder = Web3j.build(new HttpService("http://127.0.0.1:9"));
        ReadonlyTransactionManager readOnly =
                new ReadonlyTransactionManager(encoder, deployment.admin());
        StaticGasProvider gas = new StaticGasProvider(BigInteger.ONE, BigInteger.ONE);
        this.escrow = TradeEscrow.load(deployment.escrow(), encoder, readOnly, gas);
        this.token = TestStablecoin.load(deployment.token(), encoder, readOnly, gas);
    }

    /**
     * Takes the world's next event (events in the world's order) and returns the calls it leads to,
     * in order: releases whose inspection window ended by the event's time first.
     */
    public List<EscrowCall> on(GeneratedEvent event) {
        long t = chainTime(event.eventTime());
        List<EscrowCall> out = new ArrayList<>();
        releaseDue(t, out);
        SpecificRecord r = event.record();
        if (r instanceof EntityRegistered e) {
            registered(e);
        } else if (r instanceof OrderPlaced e) {
            placed(e, t, out);
        } else if (r instanceof PaymentMade e) {
            paid(e, t, out);
        } else if (r instanceof ShipmentMilestone e) {
            delivered(e, t);
            departed(e, t, out);
        } else if (r instanceof DisputeOpened e) {
            disputed(e, t, out);
        } else if (r instanceof DisputeResolved e) {
            resolved(e, t, out);
        }
        evict(t);
        for (EscrowCall c : out) {
            planned.merge(c.kind(), 1L, Long::sum);
        }
        return out;
    }

    /** Addresses that send their first transaction since the last call: they need gas money. */
    public List<String> drainNewAccounts() {
        List<String> out = List.copyOf(newAccounts);
        newAccounts.clear();
        return out;
    }

    /**
     * A call of this order failed on the chain (or could not be placed in a block): the order is no
     * longer followed, so no later step of it is sent to fail again.
     */
    public void abandon(String orderId, String reason) {
        if (orderId != null && orders.remove(orderId) != null) {
            skip(reason);
        }
    }

    /** Whether an order is an escrow order still followed. */
    public boolean follows(String orderId) {
        return orders.containsKey(orderId);
    }

    /** Escrow orders seen (OrderPlaced with settlement ESCROW). */
    public long escrowOrders() {
        return escrowOrders;
    }

    /** Escrow orders followed now (created and not settled or given up). */
    public int openOrders() {
        return orders.size();
    }

    /** Calls planned, per kind. */
    public Map<EscrowCall.Kind, Long> planned() {
        return Map.copyOf(planned);
    }

    /** Steps not sent, per reason. */
    public Map<String, Long> skipped() {
        return new TreeMap<>(skipped);
    }

    /** The chain-time offset in seconds (chain time = world time + offset); 0 before any event. */
    public long offsetSeconds() {
        return offset == Long.MIN_VALUE ? 0 : offset;
    }

    private long chainTime(Instant worldTime) {
        long s = worldTime.getEpochSecond();
        if (offset == Long.MIN_VALUE) {
            offset = Math.max(0, chainStart + 1 - s);
        }
        return s + offset;
    }

    private void registered(EntityRegistered e) {
        if (e.getChainAddress() != null
                && (e.getKind() == EntityKind.BUYER || e.getKind() == EntityKind.SELLER)) {
            addresses.put(e.getEntityId(), e.getChainAddress().toLowerCase(Locale.ROOT));
        }
    }

    private void placed(OrderPlaced e, long t, List<EscrowCall> out) {
        if (e.getSettlement() != Settlement.ESCROW) {
            return;
        }
        escrowOrders++;
        String escrowId = e.getEscrowOrderId();
        if (escrowId == null || !escrowId.matches("0x[0-9a-fA-F]{64}")) {
            skip("escrow order id is not a bytes32");
            return;
        }
        String buyer = addresses.get(e.getBuyerId());
        String seller = addresses.get(e.getSellerId());
        if (buyer == null || seller == null || buyer.equals(seller)) {
            skip("a party has no chain address of its own");
            return;
        }
        BigInteger amount = units(e.getAmount());
        if (amount.signum() <= 0) {
            skip("amount is not positive");
            return;
        }
        long shipBy = chainTime(e.getPromisedDeliveryTime());
        if (shipBy <= t) {
            skip("promised delivery is not after the order");
            return;
        }
        String origin = e.getOriginRegion();
        String destination = e.getDestinationRegion();
        if (!region(origin) || !region(destination)) {
            skip("region is not 2-6 bytes");
            return;
        }
        Order o =
                new Order(
                        e.getOrderId(),
                        escrowId.toLowerCase(Locale.ROOT),
                        buyer,
                        seller,
                        amount,
                        shipBy,
                        t);
        account(buyer);
        account(seller);
        BigInteger balance = balances.getOrDefault(buyer, BigInteger.ZERO);
        if (balance.compareTo(amount) < 0) {
            BigInteger mint = settings.buyerFloat().max(amount);
            out.add(
                    call(
                            EscrowCall.Kind.MINT,
                            deployment.admin(),
                            deployment.token(),
                            token.mint(buyer, mint).encodeFunctionCall(),
                            null,
                            t,
                            0,
                            Long.MAX_VALUE,
                            List.of(balanceKey(buyer))));
            balance = balance.add(mint);
        }
        // the amount is set aside for this order when it is created: its funding never waits for
        // stablecoins that another order's refund would bring
        balances.put(buyer, balance.subtract(amount));
        if (approved.add(buyer)) {
            out.add(
                    call(
                            EscrowCall.Kind.APPROVE,
                            buyer,
                            deployment.token(),
                            token.approve(deployment.escrow(), MAX_ALLOWANCE).encodeFunctionCall(),
                            null,
                            t,
                            0,
                            Long.MAX_VALUE,
                            List.of(allowanceKey(buyer))));
        }
        out.add(
                call(
                        EscrowCall.Kind.CREATE,
                        buyer,
                        deployment.escrow(),
                        escrow.createOrder(
                                        o.id,
                                        seller,
                                        deployment.token(),
                                        amount,
                                        BigInteger.valueOf(shipBy),
                                        BigInteger.valueOf(shipBy),
                                        origin,
                                        destination)
                                .encodeFunctionCall(),
                        o,
                        t,
                        0,
                        shipBy - 1,
                        List.of(orderKey(o))));
        orders.put(o.orderId, o);
    }

    private void paid(PaymentMade e, long t, List<EscrowCall> out) {
        Order o = orders.get(e.getOrderId());
        if (o == null) {
            return;
        }
        if (o.state != State.CREATED) {
            skip("a payment of an order already funded");
            return;
        }
        if (t > o.shipBy) {
            drop(o, "funded after the ship-by date");
            return;
        }
        out.add(
                call(
                        EscrowCall.Kind.FUND,
                        o.buyer,
                        deployment.escrow(),
                        escrow.fund(o.id).encodeFunctionCall(),
                        o,
                        t,
                        0,
                        o.shipBy,
                        List.of(orderKey(o), balanceKey(o.buyer), allowanceKey(o.buyer))));
        o.state = State.FUNDED;
    }

    private void delivered(ShipmentMilestone e, long t) {
        Order o = orders.get(e.getOrderId());
        if (o != null && e.getMilestone() == Milestone.DELIVERED && o.state == State.SHIPPED) {
            o.delivered = true;
            releases.add(new Release(t + settings.inspectionWindow().toSeconds(), releaseSeq++, o));
        }
    }

    private void departed(ShipmentMilestone e, long t, List<EscrowCall> out) {
        Order o = orders.get(e.getOrderId());
        if (o == null || e.getMilestone() != Milestone.DEPARTED) {
            return;
        }
        if (o.state != State.FUNDED) {
            drop(o, "shipped before it was funded");
            return;
        }
        if (t > o.shipBy) {
            drop(o, "shipped after the ship-by date");
            return;
        }
        out.add(
                call(
                        EscrowCall.Kind.SHIP,
                        o.seller,
                        deployment.escrow(),
                        escrow.markShipped(o.id, e.getShipmentId()).encodeFunctionCall(),
                        o,
                        t,
                        0,
                        o.shipBy,
                        List.of(orderKey(o))));
        o.state = State.SHIPPED;
    }

    private void disputed(DisputeOpened e, long t, List<EscrowCall> out) {
        Order o = orders.get(e.getOrderId());
        if (o == null) {
            return;
        }
        if (o.state == State.FUNDED
                && e.getReason() == DisputeReason.NOT_DELIVERED
                && t > o.shipBy) {
            // never shipped, and the ship-by date has passed: the buyer takes the money back
            // without an arbiter
            out.add(
                    call(
                            EscrowCall.Kind.REFUND,
                            o.buyer,
                            deployment.escrow(),
                            escrow.refund(o.id).encodeFunctionCall(),
                            o,
                            t,
                            o.shipBy + 1,
                            Long.MAX_VALUE,
                            List.of(orderKey(o))));
            orders.remove(o.orderId);
            return;
        }
        if (o.state != State.FUNDED && o.state != State.SHIPPED) {
            drop(o, "a dispute of an order that is not funded");
            return;
        }
        String claimant = addresses.get(e.getClaimantId());
        if (!o.buyer.equals(claimant) && !o.seller.equals(claimant)) {
            drop(o, "a dispute opened by someone not a party");
            return;
        }
        out.add(
                call(
                        EscrowCall.Kind.DISPUTE,
                        claimant,
                        deployment.escrow(),
                        escrow.openDispute(o.id, e.getReason().name()).encodeFunctionCall(),
                        o,
                        t,
                        0,
                        Long.MAX_VALUE,
                        List.of(orderKey(o))));
        o.state = State.DISPUTED;
        o.delivered = false; // no release: the arbiter decides
    }

    private void resolved(DisputeResolved e, long t, List<EscrowCall> out) {
        Order o = orders.get(e.getOrderId());
        if (o == null) {
            return;
        }
        if (o.state != State.DISPUTED) {
            drop(o, "a resolution of a dispute not opened on-chain");
            return;
        }
        BigInteger toBuyer = e.getRefund() == null ? BigInteger.ZERO : units(e.getRefund());
        toBuyer = toBuyer.max(BigInteger.ZERO).min(o.amount);
        out.add(
                call(
                        EscrowCall.Kind.RESOLVE,
                        deployment.arbiter(),
                        deployment.escrow(),
                        escrow.resolveDispute(o.id, toBuyer, o.amount.subtract(toBuyer))
                                .encodeFunctionCall(),
                        o,
                        t,
                        0,
                        Long.MAX_VALUE,
                        List.of(orderKey(o))));
        orders.remove(o.orderId);
    }

    private void releaseDue(long t, List<EscrowCall> out) {
        while (!releases.isEmpty() && releases.peek().at <= t) {
            Release r = releases.poll();
            Order o = r.order;
            if (!o.delivered || o.state != State.SHIPPED || orders.get(o.orderId) != o) {
                continue; // disputed, or forgotten, in the meantime
            }
            List<String> keys = List.of(orderKey(o));
            byte[] id = o.id;
            out.add(
                    call(
                            EscrowCall.Kind.CONFIRM,
                            o.buyer,
                            deployment.escrow(),
                            escrow.confirmDelivery(id).encodeFunctionCall(),
                            o,
                            r.at,
                            0,
                            Long.MAX_VALUE,
                            keys));
            out.add(
                    call(
                            EscrowCall.Kind.RELEASE,
                            o.buyer,
                            deployment.escrow(),
                            escrow.release(id).encodeFunctionCall(),
                            o,
                            r.at,
                            0,
                            Long.MAX_VALUE,
                            keys));
            orders.remove(o.orderId);
        }
    }

    private void evict(long t) {
        long before = t - settings.retention().toSeconds();
        Iterator<Order> it = orders.values().iterator();
        while (it.hasNext()) {
            Order o = it.next();
            if (o.placedAt >= before) {
                break; // placement order: the rest are younger
            }
            it.remove();
            skip("not settled within the retention");
        }
    }

    private void drop(Order o, String reason) {
        orders.remove(o.orderId);
        skip(reason);
    }

    private void skip(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    private void account(String address) {
        if (accounts.add(address)) {
            newAccounts.add(address);
        }
    }

    private EscrowCall call(
            EscrowCall.Kind kind,
            String from,
            String to,
            String data,
            Order o,
            long t,
            long notBefore,
            long notAfter,
            List<String> keys) {
        return new EscrowCall(
                kind,
                from,
                to,
                data,
                GAS.get(kind),
                o == null ? null : o.orderId,
                o == null ? null : o.escrowId,
                t,
                notBefore,
                notAfter,
                keys);
    }

    private static String orderKey(Order o) {
        return "order:" + o.escrowId;
    }

    private static String balanceKey(String buyer) {
        return "balance:" + buyer;
    }

    private static String allowanceKey(String buyer) {
        return "allowance:" + buyer;
    }

    private static boolean region(String r) {
        int n = r == null ? 0 : r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return n >= 2 && n <= 6;
    }

    /** An amount of the world's currency in stablecoin base units (6 decimals), rounded down. */
    static BigInteger units(Money money) {
        BigDecimal a = money.getAmount().movePointRight(EscrowDeployment.TOKEN_DECIMALS);
        return a.setScale(0, java.math.RoundingMode.DOWN).toBigIntegerExact();
    }

    private static Map<EscrowCall.Kind, Long> gasLimits() {
        Map<EscrowCall.Kind, Long> gas = new EnumMap<>(EscrowCall.Kind.class);
        gas.put(EscrowCall.Kind.MINT, 150_000L);
        gas.put(EscrowCall.Kind.APPROVE, 100_000L);
        gas.put(EscrowCall.Kind.CREATE, 300_000L);
        gas.put(EscrowCall.Kind.FUND, 200_000L);
        gas.put(EscrowCall.Kind.SHIP, 150_000L);
        gas.put(EscrowCall.Kind.CONFIRM, 100_000L);
        gas.put(EscrowCall.Kind.RELEASE, 150_000L);
        gas.put(EscrowCall.Kind.DISPUTE, 150_000L);
        gas.put(EscrowCall.Kind.RESOLVE, 200_000L);
        gas.put(EscrowCall.Kind.REFUND, 150_000L);
        return Map.copyOf(gas);
    }
}
