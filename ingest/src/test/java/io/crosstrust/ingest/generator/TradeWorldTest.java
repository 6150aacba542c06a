package io.crosstrust.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.common.Money;
import io.crosstrust.events.platform.CustomsDeclaration;
import io.crosstrust.events.platform.CustomsStatus;
import io.crosstrust.events.platform.DisputeOpened;
import io.crosstrust.events.platform.DisputeResolved;
import io.crosstrust.events.platform.EntityRegistered;
import io.crosstrust.events.platform.Milestone;
import io.crosstrust.events.platform.OrderPlaced;
import io.crosstrust.events.platform.PaymentDue;
import io.crosstrust.events.platform.PaymentMade;
import io.crosstrust.events.platform.Review;
import io.crosstrust.events.platform.Settlement;
import io.crosstrust.events.platform.ShipmentMilestone;
import io.crosstrust.ingest.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class TradeWorldTest {
    private static final EventCodec CODEC = EventCodec.standard();

    @Test
    void sameConfigGivesAByteIdenticalSequenceAndAnotherSeedDoesNot() throws Exception {
        TradeWorldConfig config = TestWorlds.SMALL;
        String first = digest(new TradeWorld(config));
        String second = digest(new TradeWorld(config));
        String other = digest(new TradeWorld(config.toBuilder().seed(8).build()));
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static String digest(TradeWorld world) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long n = 0;
        while (world.hasNext()) {
            GeneratedEvent e = world.next();
            sha.update(e.eventId().getBytes(StandardCharsets.UTF_8));
            sha.update(e.partitionKey().getBytes(StandardCharsets.UTF_8));
            sha.update(CODEC.encode(e.record()));
            n++;
        }
        assertThat(n).isGreaterThan(10_000);
        return n + ":" + HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void eventsComeInNonDecreasingEventTimeWithUniqueIds() {
        List<GeneratedEvent> events = TestWorlds.medium().events();
        Set<String> ids = new HashSet<>();
        Instant last = Instant.MIN;
        for (int i = 0; i < events.size(); i++) {
            GeneratedEvent e = events.get(i);
            assertThat(e.sequence()).isEqualTo(i);
            assertThat(e.eventTime()).isAfterOrEqualTo(last);
            last = e.eventTime();
            assertThat(e.record().get(0)).isEqualTo(e.eventId()); // event_id is field 0
            assertThat(e.record().get(1)).isEqualTo(e.eventTime()); // event_time is field 1
            assertThat(ids.add(e.eventId())).as("unique %s", e.eventId()).isTrue();
        }
    }

    @Test
    void partitionKeyIsTheOrderIdOrTheRegisteredEntity() {
        for (GeneratedEvent e : TestWorlds.small().events()) {
            if (e.record() instanceof EntityRegistered r) {
                assertThat(e.partitionKey()).isEqualTo(r.getEntityId());
            } else {
                Schema.Field orderId = e.record().getSchema().getField("order_id");
                assertThat(orderId).as(e.type()).isNotNull();
                assertThat(e.partitionKey()).isEqualTo(e.record().get(orderId.pos()).toString());
            }
        }
    }

    @Test
    void entitiesRegisterBeforeTheyAppearInAnyEvent() {
        Set<String> registered = new HashSet<>();
        for (GeneratedEvent e : TestWorlds.medium().events()) {
            SpecificRecord r = e.record();
            if (r instanceof EntityRegistered reg) {
                assertThat(registered.add(reg.getEntityId())).isTrue();
                continue;
            }
            for (Schema.Field f : r.getSchema().getFields()) {
                if (f.name().endsWith("_id")
                        && !f.name().equals("event_id")
                        && !f.name().equals("order_id")
                        && !f.name().equals("shipment_id")
                        && !f.name().equals("declaration_id")
                        && !f.name().equals("dispute_id")
                        && !f.name().equals("review_id")
                        && !f.name().equals("escrow_order_id")
                        && r.get(f.pos()) != null) {
                    String id = r.get(f.pos()).toString();
                    if (!registered.contains(id)) { // (AssertJ's contains scans the set)
                        throw new AssertionError(
                                e.type() + "." + f.name() + "=" + id + " before registration");
                    }
                }
            }
        }
    }

    @Test
    void orderLifecyclesAreConsistent() {
        TestWorlds.Generated world = TestWorlds.medium();
        Map<String, OrderPlaced> orders = new HashMap<>();
        Map<String, PaymentDue> dues = new HashMap<>();
        Map<String, Milestone> lastMilestone = new HashMap<>();
        Map<String, Instant> departed = new HashMap<>();
        Map<String, CustomsStatus> customs = new HashMap<>();
        Set<String> paid = new HashSet<>();
        Map<String, DisputeOpened> openDisputes = new HashMap<>();
        Set<String> domestic = new HashSet<>();
        int delivered = 0;
        int resolved = 0;
        for (GeneratedEvent e : world.events()) {
            SpecificRecord r = e.record();
            if (r instanceof OrderPlaced o) {
                assertThat(orders.put(o.getOrderId(), o)).isNull();
                if (o.getOriginRegion().equals(o.getDestinationRegion())) {
                    domestic.add(o.getOrderId()); // only rings trade within one region
                    assertThat(world.truth().entity(o.getSellerId()).orElseThrow().profile())
                            .isEqualTo(Profile.CIRCULAR_TRADER);
                }
                assertThat(o.getPaymentDueTime()).isAfter(o.getEventTime());
                assertThat(o.getPromisedDeliveryTime()).isAfter(o.getEventTime());
                continue;
            }
            if (r instanceof EntityRegistered) {
                continue;
            }
            OrderPlaced order = orders.get(e.partitionKey());
            assertThat(order).as("order of %s %s", e.type(), e.eventId()).isNotNull();
            assertThat(e.eventTime()).isAfterOrEqualTo(order.getEventTime());
            if (r instanceof PaymentDue d) {
                assertThat(d.getPayerId()).isEqualTo(order.getBuyerId());
                assertThat(d.getPayeeId()).isEqualTo(order.getSellerId());
                assertThat(dues.put(d.getOrderId() + "#" + d.getInstallment(), d)).isNull();
            } else if (r instanceof PaymentMade p) {
                PaymentDue d = dues.get(p.getOrderId() + "#" + p.getInstallment());
                assertThat(d).as("PaymentDue before %s", p.getEventId()).isNotNull();
                assertThat(p.getAmount()).isEqualTo(d.getAmount());
                assertThat(p.getPayerId()).isEqualTo(order.getBuyerId());
                assertThat(paid.add(p.getOrderId() + "#" + p.getInstallment())).isTrue();
            } else if (r instanceof ShipmentMilestone m) {
                Milestone previous = lastMilestone.get(m.getShipmentId());
                if (m.getMilestone() == Milestone.BOOKED) {
                    assertThat(previous).isNull();
                    if (order.getSettlement() == Settlement.ESCROW) {
                        assertThat(paid.contains(m.getOrderId() + "#1"))
                                .as("escrow funded before booking")
                                .isTrue();
                    }
                } else if (m.getMilestone() == Milestone.LOST) {
                    assertThat(previous).isEqualTo(Milestone.DEPARTED);
                } else {
                    assertThat(previous).as("%s after", m.getMilestone()).isNotNull();
                    assertThat(m.getMilestone().ordinal()).isGreaterThan(previous.ordinal());
                }
                if (m.getMilestone() == Milestone.DEPARTED) {
                    departed.put(m.getShipmentId(), m.getEventTime());
                    assertThat(m.getPromisedTime()).isNotNull();
                }
                if (m.getMilestone() == Milestone.ARRIVED) {
                    assertThat(customs.get(m.getOrderId()))
                            .isEqualTo(
                                    domestic.contains(m.getOrderId())
                                            ? null
                                            : CustomsStatus.CLEARED);
                }
                if (m.getMilestone() == Milestone.CUSTOMS_CLEARED) {
                    assertThat(customs.get(m.getOrderId())).isEqualTo(CustomsStatus.CLEARED);
                }
                if (m.getMilestone() == Milestone.DELIVERED) {
                    assertThat(m.getEventTime()).isAfter(departed.get(m.getShipmentId()));
                    assertThat(m.getPromisedTime()).isEqualTo(order.getPromisedDeliveryTime());
                    delivered++;
                }
                lastMilestone.put(m.getShipmentId(), m.getMilestone());
            } else if (r instanceof CustomsDeclaration c) {
                assertThat(domestic.contains(c.getOrderId())).isFalse();
                CustomsStatus previous = customs.get(c.getOrderId());
                if (c.getStatus() == CustomsStatus.DECLARED) {
                    assertThat(previous).isNull();
                    assertThat(lastMilestone.get(c.getDeclarationId().replace("CD", "SH")))
                            .isEqualTo(Milestone.DEPARTED);
                } else {
                    assertThat(previous).isIn(CustomsStatus.DECLARED, CustomsStatus.HELD);
                }
                if (c.getAssessedValue() != null) {
                    assertThat(c.getAssessedValue().getAmount())
                            .isGreaterThan(c.getDeclaredValue().getAmount());
                }
                assertThat(c.getDeclarantId()).isEqualTo(order.getSellerId());
                customs.put(c.getOrderId(), c.getStatus());
            } else if (r instanceof DisputeOpened d) {
                assertThat(openDisputes.put(d.getDisputeId(), d)).isNull();
                assertThat(d.getClaimantId()).isNotEqualTo(d.getRespondentId());
            } else if (r instanceof DisputeResolved d) {
                DisputeOpened opened = openDisputes.remove(d.getDisputeId());
                assertThat(opened).as("opened before %s", d.getDisputeId()).isNotNull();
                assertThat(d.getOpenedTime()).isEqualTo(opened.getEventTime());
                assertThat(d.getEventTime()).isAfter(opened.getEventTime());
                assertThat(d.getClaimantId()).isEqualTo(opened.getClaimantId());
                if (d.getRefund() != null) {
                    assertThat(d.getRefund().getAmount())
                            .isLessThanOrEqualTo(opened.getAmount().getAmount());
                }
                resolved++;
            } else if (r instanceof Review v) {
                assertThat(v.getRating()).isBetween(1, 5);
                assertThat(List.of(order.getBuyerId(), order.getSellerId()))
                        .contains(v.getReviewerId(), v.getSubjectId());
                assertThat(v.getReviewerId()).isNotEqualTo(v.getSubjectId());
            }
        }
        assertThat(delivered).isGreaterThan(10_000);
        assertThat(domestic.size()).isLessThan(orders.size() / 50);
        assertThat(resolved).isGreaterThan(500);
        // rejected shipments are never delivered
        customs.forEach(
                (orderId, status) -> {
                    if (status == CustomsStatus.REJECTED) {
                        assertThat(lastMilestone.get("SH" + orderId.substring(1)))
                                .isEqualTo(Milestone.DEPARTED);
                    }
                });
    }

    @Test
    void tradeSpansAtLeastEightRegionsAndEveryConfiguredCorridor() {
        TestWorlds.Generated world = TestWorlds.medium();
        Set<String> regions = new TreeSet<>();
        Set<String> corridors = new TreeSet<>();
        for (OrderPlaced o : world.ofType(OrderPlaced.class)) {
            regions.add(o.getOriginRegion());
            regions.add(o.getDestinationRegion());
            corridors.add(o.getOriginRegion() + ">" + o.getDestinationRegion());
        }
        assertThat(regions).hasSizeGreaterThanOrEqualTo(8);
        for (Corridor c : world.config().corridors()) {
            assertThat(corridors).contains(c.origin() + ">" + c.destination());
        }
        Set<String> homes = new TreeSet<>();
        for (EntityRegistered r : world.ofType(EntityRegistered.class)) {
            homes.add(r.getRegion());
        }
        assertThat(homes).containsAll(world.config().regions());
    }

    @Test
    void escrowShareFollowsTheConfig() {
        for (double share : new double[] {0.3, 0.6}) {
            TradeWorldConfig config =
                    TestWorlds.SMALL.toBuilder().set(TradeWorldConfig.ESCROW_SHARE, share).build();
            long escrow = 0;
            long all = 0;
            Set<String> escrowIds = new HashSet<>();
            TradeWorld world = new TradeWorld(config);
            while (world.hasNext()) {
                if (world.next().record() instanceof OrderPlaced o) {
                    all++;
                    if (o.getSettlement() == Settlement.ESCROW) {
                        escrow++;
                        assertThat(o.getEscrowOrderId()).matches("0x[0-9a-f]{64}");
                        assertThat(escrowIds.add(o.getEscrowOrderId())).isTrue();
                    } else {
                        assertThat(o.getEscrowOrderId()).isNull();
                    }
                }
            }
            assertThat(all).isGreaterThan(3000);
            assertThat((double) escrow / all).as("share %s", share).isCloseTo(share, within(0.03));
        }
    }

    @Test
    void hiddenProfileNeverAppearsInAnyEvent() {
        List<String> forbidden = new ArrayList<>();
        for (Profile p : Profile.values()) {
            forbidden.add(p.name().toLowerCase(Locale.ROOT));
            forbidden.add(p.name().replace("_", "").toLowerCase(Locale.ROOT));
            forbidden.add(p.key().toLowerCase(Locale.ROOT));
        }
        forbidden.addAll(
                List.of(
                        "reliable",
                        "slow",
                        "delinquen",
                        "bust",
                        "circular",
                        "compliant",
                        "profile"));
        Map<String, String> distinct = new HashMap<>(); // value -> an event carrying it
        long strings = 0;
        for (GeneratedEvent e : TestWorlds.medium().events()) {
            List<String> values = new ArrayList<>();
            collectStrings(e.record(), values);
            values.add(e.partitionKey());
            for (String v : values) {
                distinct.putIfAbsent(v, e.eventId());
            }
            strings += values.size();
        }
        assertThat(strings).isGreaterThan(1_000_000);
        distinct.forEach(
                (value, eventId) -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    for (String word : forbidden) {
                        if (lower.contains(word)) {
                            throw new AssertionError(
                                    "'" + word + "' in '" + value + "' of " + eventId);
                        }
                    }
                });
    }

    private static void collectStrings(Object value, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof SpecificRecord r) {
            for (Schema.Field f : r.getSchema().getFields()) {
                collectStrings(r.get(f.pos()), out);
            }
        } else if (value instanceof CharSequence || value instanceof Enum<?>) {
            out.add(value.toString());
        } else if (value instanceof Iterable<?> items) {
            items.forEach(item -> collectStrings(item, out));
        }
    }

    @Test
    void everyEventRoundTripsThroughTheWireCodecWithExactMoney() throws Exception {
        Set<String> types = new TreeSet<>();
        for (GeneratedEvent e : TestWorlds.small().events()) {
            SpecificRecord decoded = CODEC.decode(CODEC.encode(e.record()));
            assertThat(decoded.getClass()).isEqualTo(e.record().getClass());
            assertThat(decoded.get(0)).isEqualTo(e.eventId());
            types.add(e.type());
            for (Schema.Field f : e.record().getSchema().getFields()) {
                if (e.record().get(f.pos()) instanceof Money m) {
                    assertThat(m.getCurrency()).isEqualTo("USD");
                    assertThat(m.getAmount().scale()).isBetween(0, 18);
                    assertThat(m.getAmount().signum()).isPositive();
                    Money back = (Money) decoded.get(f.pos());
                    assertThat(back.getAmount()).isEqualByComparingTo(m.getAmount());
                }
            }
        }
        assertThat(types)
                .containsExactlyInAnyOrder(
                        "EntityRegistered",
                        "OrderPlaced",
                        "PaymentDue",
                        "PaymentMade",
                        "ShipmentMilestone",
                        "CustomsDeclaration",
                        "DisputeOpened",
                        "DisputeResolved",
                        "Review");
    }

    @Test
    void maxEventsBoundsTheWorld() {
        TradeWorld world = new TradeWorld(TestWorlds.SMALL.toBuilder().maxEvents(1234).build());
        assertThat(world.stream().count()).isEqualTo(1234);
        assertThat(world.hasNext()).isFalse();
        assertThat(world.emitted()).isEqualTo(1234);
        assertThatThrownBy(world::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void daysBoundTheWorld() {
        TradeWorldConfig config = TestWorlds.SMALL.toBuilder().days(20).build();
        TradeWorld world = new TradeWorld(config);
        Instant end = config.start().plus(Duration.ofDays(20));
        Instant last = world.stream().reduce((a, b) -> b).orElseThrow().eventTime();
        assertThat(last).isBefore(end).isAfter(end.minus(Duration.ofDays(1)));
        assertThat(world.groundTruth().asOf()).isEqualTo(end);
    }

    @Test
    void unboundedWorldKeepsGeneratingAndReplacesDefaulters() {
        TradeWorldConfig config =
                TradeWorldConfig.builder()
                        .seed(5)
                        .entities(80)
                        .days(0)
                        .set(TradeWorldConfig.DELINQUENT_SHARE, 0.2)
                        .build();
        assertThat(config.unbounded()).isTrue();
        TradeWorld world = new TradeWorld(config);
        Instant horizon = config.start().plus(Duration.ofDays(400));
        long lateRegistrations = 0;
        GeneratedEvent e;
        do {
            assertThat(world.hasNext()).isTrue();
            e = world.next();
            if (e.record() instanceof EntityRegistered
                    && e.eventTime().isAfter(config.start().plus(Duration.ofDays(1)))) {
                lateRegistrations++;
            }
        } while (e.eventTime().isBefore(horizon));
        assertThat(world.hasNext()).isTrue();
        assertThat(lateRegistrations).as("replacements of defaulted entities").isPositive();
    }

    @Test
    void skipResumesTheSameSequence() {
        List<GeneratedEvent> full = new TradeWorld(TestWorlds.SMALL).stream().limit(5000).toList();
        TradeWorld resumed = new TradeWorld(TestWorlds.SMALL);
        assertThat(resumed.skip(2000)).isEqualTo(2000);
        for (int i = 2000; i < 5000; i++) {
            GeneratedEvent e = resumed.next();
            assertThat(e.sequence()).isEqualTo(i);
            assertThat(e.eventId()).isEqualTo(full.get(i).eventId());
            assertThat(CODEC.encode(e.record())).isEqualTo(CODEC.encode(full.get(i).record()));
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
