package io.crosstrust.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crosstrust.events.common.ChainLog;
import io.crosstrust.events.common.Money;
import io.crosstrust.events.common.SourceKind;
import io.crosstrust.events.output.CreditScore;
import io.crosstrust.events.output.DimensionScores;
import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.ScoreTrigger;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.events.trade.TradeEventType;
import io.crosstrust.sinks.clickhouse.ClickHouseEngines.Engine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The risk KPI views of 13_kpi_risk_views.sql (warning accuracy, recommended credit limits, and
 * kpi_monthly beside the event KPIs) on ClickHouse 18.16 and on a current release (chDB). The data
 * set is seeded random trade events, risk warnings and credit scores over four months, with
 * replays, reorg retractions and scores inserted out of order, plus fixed entities for the edge
 * cases ({@code x-*}). Every figure of every new view is compared with a recomputation in plain
 * Java loops over the records inserted (the nested {@code expected*} methods), so the SQL and the
 * definitions in docs/network.md are checked against each other on both engines.
 */
class KpiRiskViewsITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    private static final String DB = "kpi_risk_views_it";
    private static final long SEED = 20_260_301L;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int DAYS = 120; // January to April 2026
    private static final long DAY_MS = 86_400_000L;
    private static final String[] REGIONS = {"DE", "CN", "US"};
    private static final String[] DISPUTE_REASONS = {
        "NOT_DELIVERED", "NOT_AS_DESCRIBED", "DAMAGED", "LATE_DELIVERY", "NON_PAYMENT", "OTHER"
    };
    private static final String[] DISPUTE_OUTCOMES = {
        "CLAIMANT_WON", "RESPONDENT_WON", "SPLIT", "WITHDRAWN"
    };
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Every trade event as inserted (replays included); retractions go in a second insert. */
    private static final List<TradeEvent> EVENTS = new ArrayList<>();

    private static final List<TradeEvent> RETRACTIONS = new ArrayList<>();
    private static final List<RiskWarning> WARNINGS = new ArrayList<>();
    private static final List<CreditScore> SCORES = new ArrayList<>();

    private static Engine server;
    private static Engine chDb;

    @BeforeAll
    static void loadTheDataSetIntoBoth() {
        generate(new Random(SEED));
        edgeCases();
        server = ClickHouseEngines.server(CLICKHOUSE.connection(DB));
        chDb = ClickHouseEngines.chDb();
        ClickHouseSchema.apply(CLICKHOUSE.connection(DB));
        for (String statement : ClickHouseSchema.statements(DB)) {
            chDb.execute(statement);
        }
        TradeEventRowEncoder events = new TradeEventRowEncoder();
        RiskWarningRowEncoder warnings = new RiskWarningRowEncoder();
        CreditScoreRowEncoder history = new CreditScoreRowEncoder();
        CreditScoreRowEncoder latest = CreditScoreRowEncoder.latest();
        List<CreditScore> latestOrder = new ArrayList<>(SCORES);
        Collections.shuffle(latestOrder, new Random(SEED + 1));
        for (Engine engine : List.of(server, chDb)) {
            engine.insertRowBinary(
                    DB + ".trade_events",
                    events.columns(),
                    SinkTestRecords.rows(events, EVENTS.toArray(TradeEvent[]::new)));
            engine.insertRowBinary(
                    DB + ".trade_events",
                    events.columns(),
                    SinkTestRecords.rows(events, RETRACTIONS.toArray(TradeEvent[]::new)));
            engine.insertRowBinary(
                    DB + ".risk_warnings",
                    warnings.columns(),
                    SinkTestRecords.rows(warnings, WARNINGS.toArray(RiskWarning[]::new)));
            engine.insertRowBinary(
                    DB + ".credit_scores",
                    history.columns(),
                    SinkTestRecords.rows(history, SCORES.toArray(CreditScore[]::new)));
            engine.insertRowBinary(
                    DB + ".credit_scores_latest",
                    latest.columns(),
                    SinkTestRecords.rows(latest, latestOrder.toArray(CreditScore[]::new)));
        }
    }

    private static Engine engine(String name) {
        return name.equals("server") ? server : chDb;
    }

    // ------------------------------------------------------------------ the data set

    private static String entity(int i) {
        return String.format("e%02d", i);
    }

    /** A random time in the four months: whole hours (so times collide), a quarter with ms. */
    private static Instant time(Random rng) {
        long ms = rng.nextInt(DAYS * 24) * 3_600_000L;
        if (rng.nextInt(4) == 0) {
            ms += rng.nextInt(1000);
        }
        return START.plusMillis(ms);
    }

    private static TradeEvent.Builder event(
            String id, TradeEventType type, Instant time, String subject, String counterparty) {
        return TradeEvent.newBuilder()
                .setEventId(id)
                .setEventTime(time)
                .setSource(SourceKind.PLATFORM)
                .setSourceName("testmart")
                .setType(type)
                .setSubjectId(subject)
                .setCounterpartyId(counterparty)
                .setOnChain(false);
    }

    /** The same event as a chain log; {@code removed} makes it a reorg retraction. */
    private static TradeEvent onChain(TradeEvent e, boolean removed) {
        return TradeEvent.newBuilder(e)
                .setSource(SourceKind.CHAIN)
                .setSourceName("chain:31337")
                .setOnChain(true)
                .setChain(
                        new ChainLog(
                                31337L,
                                "0x" + "cd".repeat(20),
                                7L,
                                "0x" + "11".repeat(32),
                                "0x" + "22".repeat(32),
                                0,
                                e.getEventTime(),
                                removed))
                .build();
    }

    private static TradeEvent order(String id, Instant time, String buyer, String seller) {
        return event(id, TradeEventType.ORDER_PLACED, time, buyer, seller)
                .setOrderId(id)
                .setSubjectRegion("DE")
                .setCounterpartyRegion("CN")
                .setAmount(new Money(new BigDecimal("10"), "USD"))
                .build();
    }

    private static TradeEvent disputeOpened(
            String id, String order, Instant opened, String respondent, String claimant, String r) {
        return event(id, TradeEventType.DISPUTE_OPENED, opened, respondent, claimant)
                .setOrderId(order)
                .setAmount(new Money(new BigDecimal("10"), "USD"))
                .setDetail(r)
                .build();
    }

    private static TradeEvent disputeResolved(
            String id,
            String order,
            Instant opened,
            Instant resolved,
            String respondent,
            String claimant,
            String outcome) {
        return event(id, TradeEventType.DISPUTE_RESOLVED, resolved, respondent, claimant)
                .setOrderId(order)
                .setReferenceTime(opened)
                .setDetail(outcome)
                .build();
    }

    private static TradeEvent customs(
            String id, TradeEventType type, Instant time, String declarant, String order) {
        return event(id, type, time, declarant, "importer-1")
                .setOrderId(order)
                .setAmount(new Money(new BigDecimal("10"), "USD"))
                .setDetail("inspection")
                .build();
    }

    private static RiskWarning warning(
            String entity, int n, WarningType type, WarningStatus status, Instant time) {
        return RiskWarning.newBuilder()
                .setEventId(entity + ":" + type + ":" + n)
                .setEntityId(entity)
                .setRegion("DE")
                .setType(type)
                .setSeverity(Severity.HIGH)
                .setStatus(status)
                .setExplanation("test")
                .setEvidenceEventIds(List.of("ev-" + n))
                .setRuleId(type.name())
                .setRuleVersion(1)
                .setModelVersion(null)
                // processing time, later than the event time: the views must use event_time
                .setRaisedAt(time.plus(3, ChronoUnit.DAYS))
                .setEventTime(time)
                .build();
    }

    private static CreditScore score(
            String entity,
            long version,
            Instant asOf,
            String region,
            BigDecimal limit,
            String currency) {
        return CreditScore.newBuilder()
                .setEventId(entity + ":" + version)
                .setEntityId(entity)
                .setRegion(region)
                .setChainAddress(null)
                .setAsOf(asOf)
                .setComposite(600 + version)
                .setPd(0.05)
                .setGrade("BB")
                .setDimensions(new DimensionScores(50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0))
                .setReasons(List.of())
                .setRecommendedLimit(new Money(limit, currency))
                .setModelId("crosstrust-default")
                .setModelVersion("1.0.0")
                .setScoreVersion(version)
                .setTrigger(version % 2 == 0 ? ScoreTrigger.HEARTBEAT : ScoreTrigger.EVENT)
                .setTriggerEventId(null)
                .build();
    }

    /** 0 for a fifth, whole hundreds (as the model grants) or 18-decimal amounts otherwise. */
    private static BigDecimal limit(Random rng) {
        int kind = rng.nextInt(10);
        if (kind < 2) {
            return BigDecimal.ZERO;
        } else if (kind < 7) {
            return BigDecimal.valueOf(100L * rng.nextInt(50_001));
        }
        return new BigDecimal(new BigInteger(70, rng), 18);
    }

    /**
     * 36 entities with: orders in January, February and April (none in March, so kpi_monthly has no
     * March row); 0-3 disputes each (random reason and outcome; a tenth without their opening
     * event, a tenth resolved on-chain and retracted, a fifth replayed); customs rejections, holds
     * and lost shipments; 0-4 warnings of any type and status (a fifth replayed); 1-6 credit scores
     * for four in five entities, in EUR for every fourth entity in February (so February has two
     * limit currencies), inserted shuffled with replays.
     */
    private static void generate(Random rng) {
        int n = 36;
        for (String month : List.of("2026-01", "2026-02", "2026-04")) {
            Instant first =
                    YearMonth.parse(month).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            for (int k = 0; k < 3; k++) {
                Instant t = first.plus(rng.nextInt(27 * 24), ChronoUnit.HOURS);
                String id = "order-" + month + "-" + k;
                EVENTS.add(order(id, t, entity(k), entity(k + 1)));
            }
        }
        for (int i = 0; i < n; i++) {
            String e = entity(i);
            int disputes = rng.nextInt(4);
            for (int k = 0; k < disputes; k++) {
                String order = "ord-" + e + "-" + k;
                String claimant = entity((i + 1 + rng.nextInt(n - 1)) % n);
                Instant opened = time(rng);
                Instant resolved = opened.plus(1 + rng.nextInt(200), ChronoUnit.HOURS);
                String reason = DISPUTE_REASONS[rng.nextInt(DISPUTE_REASONS.length)];
                String outcome = DISPUTE_OUTCOMES[rng.nextInt(DISPUTE_OUTCOMES.length)];
                if (rng.nextInt(10) != 0) {
                    EVENTS.add(disputeOpened("do-" + order, order, opened, e, claimant, reason));
                }
                TradeEvent resolution =
                        disputeResolved(
                                "dr-" + order, order, opened, resolved, e, claimant, outcome);
                int fate = rng.nextInt(10);
                if (fate == 0) {
                    EVENTS.add(onChain(resolution, false));
                    RETRACTIONS.add(onChain(resolution, true));
                } else {
                    EVENTS.add(resolution);
                    if (fate < 3) {
                        EVENTS.add(resolution); // a replay
                    }
                }
            }
            if (rng.nextInt(10) < 3) {
                EVENTS.add(
                        customs(
                                "cr-" + e,
                                TradeEventType.CUSTOMS_REJECTED,
                                time(rng),
                                e,
                                "c-" + e));
            }
            if (rng.nextInt(10) < 3) {
                EVENTS.add(customs("ch-" + e, TradeEventType.CUSTOMS_HELD, time(rng), e, "h-" + e));
            }
            if (rng.nextInt(10) < 2) {
                EVENTS.add(
                        event("sl-" + e, TradeEventType.SHIPMENT_LOST, time(rng), e, "b")
                                .setOrderId("l-" + e)
                                .build());
            }
            int warnings = rng.nextInt(5);
            for (int k = 0; k < warnings; k++) {
                WarningType type = WarningType.values()[rng.nextInt(WarningType.values().length)];
                WarningStatus status =
                        rng.nextInt(5) == 0 ? WarningStatus.CLEARED : WarningStatus.RAISED;
                RiskWarning w = warning(e, k, type, status, time(rng));
                WARNINGS.add(w);
                if (rng.nextInt(5) == 0) {
                    WARNINGS.add(w); // a replay
                }
            }
            if (rng.nextInt(5) != 0) {
                int versions = 1 + rng.nextInt(6);
                List<Instant> times = new ArrayList<>();
                for (int v = 0; v < versions; v++) {
                    times.add(time(rng));
                }
                Collections.sort(times);
                for (int v = 0; v < versions; v++) {
                    Instant asOf = times.get(v);
                    String region = rng.nextInt(4) == 0 ? null : REGIONS[rng.nextInt(3)];
                    boolean euro =
                            i % 4 == 0
                                    && YearMonth.from(asOf.atZone(ZoneOffset.UTC)).getMonthValue()
                                            == 2;
                    CreditScore s = score(e, v + 1, asOf, region, limit(rng), euro ? "EUR" : "USD");
                    SCORES.add(s);
                    if (rng.nextInt(5) == 0) {
                        SCORES.add(s); // a replay
                    }
                }
            }
        }
        Collections.shuffle(SCORES, rng);
    }

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    /** Entities x-*: one edge case each, asserted by name in the tests below. */
    private static void edgeCases() {
        // warned at exactly the time of its outcome: not a warning before the outcome
        Instant tie = at("2026-03-10T00:00:00Z");
        WARNINGS.add(warning("x-tie", 0, WarningType.PAYMENT_OVERDUE, WarningStatus.RAISED, tie));
        EVENTS.add(customs("cr-x-tie", TradeEventType.CUSTOMS_REJECTED, tie, "x-tie", "c-x-tie"));
        // only a contagion warning (exposure, not conduct) before a payment default
        WARNINGS.add(
                warning(
                        "x-contagion",
                        0,
                        WarningType.COUNTERPARTY_CONTAGION,
                        WarningStatus.RAISED,
                        at("2026-02-01T00:00:00Z")));
        EVENTS.add(
                disputeOpened(
                        "do-x-contagion",
                        "o-x-contagion",
                        at("2026-02-10T00:00:00Z"),
                        "x-contagion",
                        "e01",
                        "NON_PAYMENT"));
        EVENTS.add(
                disputeResolved(
                        "dr-x-contagion",
                        "o-x-contagion",
                        at("2026-02-10T00:00:00Z"),
                        at("2026-02-20T00:00:00Z"),
                        "x-contagion",
                        "e01",
                        "CLAIMANT_WON"));
        // only a CLEARED warning before a customs rejection
        WARNINGS.add(
                warning(
                        "x-cleared",
                        0,
                        WarningType.SCORE_DROP,
                        WarningStatus.CLEARED,
                        at("2026-02-01T00:00:00Z")));
        EVENTS.add(
                customs(
                        "cr-x-cleared",
                        TradeEventType.CUSTOMS_REJECTED,
                        at("2026-02-05T00:00:00Z"),
                        "x-cleared",
                        "c-x-cleared"));
        // warned, then lost a quality dispute: not a known bad outcome
        WARNINGS.add(
                warning(
                        "x-quality",
                        0,
                        WarningType.DISPUTE_SPIKE,
                        WarningStatus.RAISED,
                        at("2026-01-05T00:00:00Z")));
        EVENTS.add(
                disputeOpened(
                        "do-x-quality",
                        "o-x-quality",
                        at("2026-01-10T00:00:00Z"),
                        "x-quality",
                        "e02",
                        "DAMAGED"));
        EVENTS.add(
                disputeResolved(
                        "dr-x-quality",
                        "o-x-quality",
                        at("2026-01-10T00:00:00Z"),
                        at("2026-01-12T00:00:00Z"),
                        "x-quality",
                        "e02",
                        "CLAIMANT_WON"));
        // a lost NOT_DELIVERED dispute whose opening is not stored: reason unknown, not counted
        EVENTS.add(
                disputeResolved(
                        "dr-x-noopen",
                        "o-x-noopen",
                        at("2026-01-10T00:00:00Z"),
                        at("2026-01-12T00:00:00Z"),
                        "x-noopen",
                        "e03",
                        "CLAIMANT_WON"));
        // the opening is stored but at another time than the resolution says: not matched
        EVENTS.add(
                disputeOpened(
                        "do-x-moved",
                        "o-x-moved",
                        at("2026-01-10T00:00:00.001Z"),
                        "x-moved",
                        "e03",
                        "NOT_DELIVERED"));
        EVENTS.add(
                disputeResolved(
                        "dr-x-moved",
                        "o-x-moved",
                        at("2026-01-10T00:00:00Z"),
                        at("2026-01-12T00:00:00Z"),
                        "x-moved",
                        "e03",
                        "CLAIMANT_WON"));
        // a lost NOT_DELIVERED dispute whose resolution a reorg retracted
        EVENTS.add(
                disputeOpened(
                        "do-x-retracted",
                        "o-x-retracted",
                        at("2026-01-10T00:00:00Z"),
                        "x-retracted",
                        "e03",
                        "NOT_DELIVERED"));
        TradeEvent retracted =
                disputeResolved(
                        "dr-x-retracted",
                        "o-x-retracted",
                        at("2026-01-10T00:00:00Z"),
                        at("2026-01-12T00:00:00Z"),
                        "x-retracted",
                        "e03",
                        "SPLIT");
        EVENTS.add(onChain(retracted, false));
        RETRACTIONS.add(onChain(retracted, true));
        // a NON_PAYMENT dispute withdrawn (the money came): not a default
        EVENTS.add(
                disputeOpened(
                        "do-x-withdrawn",
                        "o-x-withdrawn",
                        at("2026-01-10T00:00:00Z"),
                        "x-withdrawn",
                        "e04",
                        "NON_PAYMENT"));
        EVENTS.add(
                disputeResolved(
                        "dr-x-withdrawn",
                        "o-x-withdrawn",
                        at("2026-01-10T00:00:00Z"),
                        at("2026-01-12T00:00:00Z"),
                        "x-withdrawn",
                        "e04",
                        "WITHDRAWN"));
        // warned on 20 Jan (and again later), the non-delivery surfaced on 25 Jan noon: 5.5 days
        WARNINGS.add(
                warning(
                        "x-lead",
                        0,
                        WarningType.BUST_OUT,
                        WarningStatus.RAISED,
                        at("2026-01-20T00:00:00Z")));
        WARNINGS.add(
                warning(
                        "x-lead",
                        1,
                        WarningType.LIMIT_BREACH,
                        WarningStatus.RAISED,
                        at("2026-01-22T00:00:00Z")));
        EVENTS.add(
                disputeOpened(
                        "do-x-lead",
                        "o-x-lead",
                        at("2026-01-25T12:00:00Z"),
                        "x-lead",
                        "e05",
                        "NOT_DELIVERED"));
        EVENTS.add(
                disputeResolved(
                        "dr-x-lead",
                        "o-x-lead",
                        at("2026-01-25T12:00:00Z"),
                        at("2026-01-28T00:00:00Z"),
                        "x-lead",
                        "e05",
                        "SPLIT"));
    }

    // ------------------------------------------------------------------ the reference, in loops

    private record Outcome(
            String eventId,
            String entity,
            String counterparty,
            String order,
            String kind,
            long timeMs,
            Instant decided) {}

    /** trade_events FINAL without retractions: one copy per (subject, event id), none removed. */
    private static List<TradeEvent> storedEvents() {
        Map<String, TradeEvent> byKey = new LinkedHashMap<>();
        Set<String> removed = new HashSet<>();
        List<TradeEvent> all = new ArrayList<>(EVENTS);
        all.addAll(RETRACTIONS);
        for (TradeEvent e : all) {
            String key = e.getSubjectId() + "\n" + e.getEventId();
            if (e.getChain() != null && e.getChain().getRemoved()) {
                removed.add(key);
            } else {
                byKey.putIfAbsent(key, e);
            }
        }
        List<TradeEvent> out = new ArrayList<>();
        for (Map.Entry<String, TradeEvent> entry : byKey.entrySet()) {
            if (!removed.contains(entry.getKey())) {
                out.add(entry.getValue());
            }
        }
        return out;
    }

    private static List<Outcome> expectedOutcomes() {
        List<TradeEvent> stored = storedEvents();
        List<Outcome> out = new ArrayList<>();
        for (TradeEvent r : stored) {
            if (r.getType() == TradeEventType.DISPUTE_RESOLVED
                    && ("CLAIMANT_WON".equals(r.getDetail()) || "SPLIT".equals(r.getDetail()))
                    && r.getOrderId() != null
                    && r.getCounterpartyId() != null
                    && r.getReferenceTime() != null) {
                for (TradeEvent o : stored) {
                    if (o.getType() == TradeEventType.DISPUTE_OPENED
                            && ("NON_PAYMENT".equals(o.getDetail())
                                    || "NOT_DELIVERED".equals(o.getDetail()))
                            && r.getOrderId().equals(o.getOrderId())
                            && r.getSubjectId().equals(o.getSubjectId())
                            && r.getCounterpartyId().equals(o.getCounterpartyId())
                            && o.getEventTime().equals(r.getReferenceTime())) {
                        out.add(
                                new Outcome(
                                        r.getEventId(),
                                        r.getSubjectId(),
                                        r.getCounterpartyId(),
                                        r.getOrderId(),
                                        o.getDetail().equals("NON_PAYMENT")
                                                ? "PAYMENT_DEFAULT"
                                                : "NON_DELIVERY",
                                        r.getReferenceTime().toEpochMilli(),
                                        r.getEventTime()));
                        break;
                    }
                }
            } else if (r.getType() == TradeEventType.CUSTOMS_REJECTED) {
                out.add(
                        new Outcome(
                                r.getEventId(),
                                r.getSubjectId(),
                                r.getCounterpartyId() == null ? "" : r.getCounterpartyId(),
                                r.getOrderId() == null ? "" : r.getOrderId(),
                                "CUSTOMS_REJECTED",
                                r.getEventTime().toEpochMilli(),
                                r.getEventTime()));
            }
        }
        return out;
    }

    /** RAISED warnings of any type but COUNTERPARTY_CONTAGION, once per (entity, warning id). */
    private static List<RiskWarning> conductWarnings() {
        Map<String, RiskWarning> byKey = new LinkedHashMap<>();
        for (RiskWarning w : WARNINGS) {
            byKey.put(w.getEntityId() + "\n" + w.getEventId(), w);
        }
        List<RiskWarning> out = new ArrayList<>();
        for (RiskWarning w : byKey.values()) {
            if (w.getStatus() == WarningStatus.RAISED
                    && w.getType() != WarningType.COUNTERPARTY_CONTAGION) {
                out.add(w);
            }
        }
        return out;
    }

    private static String month(long epochMs) {
        return YearMonth.from(Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC))
                .atDay(1)
                .toString();
    }

    private static String dateTime(Instant t) {
        return DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Mean of the two middle values for an even count, as WarningMetrics.median. */
    private static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The same for money: exact, the half cut after 18 decimals as ClickHouse's Decimal does. */
    private static BigDecimal median(Iterable<BigDecimal> values) {
        List<BigDecimal> s = new ArrayList<>();
        values.forEach(s::add);
        Collections.sort(s);
        int n = s.size();
        BigDecimal sum =
                n % 2 == 1 ? s.get(n / 2).add(s.get(n / 2)) : s.get(n / 2 - 1).add(s.get(n / 2));
        return sum.divide(BigDecimal.valueOf(2), 18, RoundingMode.DOWN);
    }

    private static BigDecimal average(List<BigDecimal> values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal v : values) {
            sum = sum.add(v);
        }
        return sum.divide(BigDecimal.valueOf(values.size()), 18, RoundingMode.DOWN);
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal v : values) {
            sum = sum.add(v);
        }
        return sum;
    }

    /** One row of kpi_warning_entities, recomputed. */
    private record EntityFigures(
            boolean warned,
            long firstWarningMs,
            int outcomes,
            long firstOutcomeMs,
            boolean confirmed,
            long nextOutcomeMs,
            double leadDays) {}

    private static Map<String, EntityFigures> expectedEntities() {
        Map<String, Long> firstWarning = new TreeMap<>();
        for (RiskWarning w : conductWarnings()) {
            firstWarning.merge(w.getEntityId(), w.getEventTime().toEpochMilli(), Math::min);
        }
        Map<String, List<Long>> outcomes = new TreeMap<>();
        for (Outcome o : expectedOutcomes()) {
            outcomes.computeIfAbsent(o.entity(), k -> new ArrayList<>()).add(o.timeMs());
        }
        Set<String> entities = new TreeSet<>(firstWarning.keySet());
        entities.addAll(outcomes.keySet());
        Map<String, EntityFigures> out = new TreeMap<>();
        for (String e : entities) {
            Long w = firstWarning.get(e);
            List<Long> times = outcomes.getOrDefault(e, List.of());
            long firstOutcome = Long.MAX_VALUE;
            long next = Long.MAX_VALUE;
            for (long t : times) {
                firstOutcome = Math.min(firstOutcome, t);
                if (w != null && t > w) {
                    next = Math.min(next, t);
                }
            }
            boolean confirmed = next != Long.MAX_VALUE;
            out.put(
                    e,
                    new EntityFigures(
                            w != null,
                            w == null ? 0 : w,
                            times.size(),
                            firstOutcome,
                            confirmed,
                            next,
                            confirmed ? (next - w) / (double) DAY_MS : 0));
        }
        return out;
    }

    /** One row of kpi_warning_accuracy_monthly, recomputed. */
    private record MonthFigures(
            int warned,
            int truePositives,
            int outcomeEntities,
            int outcomesWarned,
            List<Double> leads) {}

    private static Map<String, MonthFigures> expectedMonths() {
        Map<String, Long> firstWarning = new HashMap<>();
        Map<String, Map<String, Long>> firstInMonth = new TreeMap<>(); // month -> entity -> ms
        for (RiskWarning w : conductWarnings()) {
            long t = w.getEventTime().toEpochMilli();
            firstWarning.merge(w.getEntityId(), t, Math::min);
            firstInMonth
                    .computeIfAbsent(month(t), k -> new TreeMap<>())
                    .merge(w.getEntityId(), t, Math::min);
        }
        Map<String, List<Long>> outcomes = new HashMap<>();
        Map<String, Map<String, Long>> lastInMonth = new TreeMap<>(); // month -> entity -> ms
        for (Outcome o : expectedOutcomes()) {
            outcomes.computeIfAbsent(o.entity(), k -> new ArrayList<>()).add(o.timeMs());
            lastInMonth
                    .computeIfAbsent(month(o.timeMs()), k -> new TreeMap<>())
                    .merge(o.entity(), o.timeMs(), Math::max);
        }
        Set<String> months = new TreeSet<>(firstInMonth.keySet());
        months.addAll(lastInMonth.keySet());
        Map<String, MonthFigures> out = new TreeMap<>();
        for (String m : months) {
            int warned = 0;
            int tp = 0;
            List<Double> leads = new ArrayList<>();
            for (Map.Entry<String, Long> e : firstInMonth.getOrDefault(m, Map.of()).entrySet()) {
                warned++;
                long next = Long.MAX_VALUE;
                for (long t : outcomes.getOrDefault(e.getKey(), List.of())) {
                    if (t > e.getValue()) {
                        next = Math.min(next, t);
                    }
                }
                if (next != Long.MAX_VALUE) {
                    tp++;
                    leads.add((next - e.getValue()) / (double) DAY_MS);
                }
            }
            int outcomeEntities = 0;
            int anticipated = 0;
            for (Map.Entry<String, Long> e : lastInMonth.getOrDefault(m, Map.of()).entrySet()) {
                outcomeEntities++;
                Long w = firstWarning.get(e.getKey());
                if (w != null && w < e.getValue()) {
                    anticipated++;
                }
            }
            out.put(m, new MonthFigures(warned, tp, outcomeEntities, anticipated, leads));
        }
        return out;
    }

    /** The highest-version score of each entity among those matching, once per version. */
    private record EntityLimit(
            String region,
            String currency,
            BigDecimal limit,
            long version,
            Instant asOf,
            int scores) {}

    /** kpi_credit_limit_entity_month recomputed: key entity + " " + month. */
    private static Map<String, EntityLimit> expectedEntityMonths() {
        Map<String, CreditScore> once = new LinkedHashMap<>();
        for (CreditScore s : SCORES) {
            once.put(s.getEntityId() + ":" + s.getScoreVersion(), s);
        }
        Map<String, List<CreditScore>> byEntityMonth = new TreeMap<>();
        for (CreditScore s : once.values()) {
            String key = s.getEntityId() + " " + month(s.getAsOf().toEpochMilli());
            byEntityMonth.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        Map<String, EntityLimit> out = new TreeMap<>();
        for (Map.Entry<String, List<CreditScore>> e : byEntityMonth.entrySet()) {
            CreditScore latest = null;
            for (CreditScore s : e.getValue()) {
                if (latest == null || s.getScoreVersion() > latest.getScoreVersion()) {
                    latest = s;
                }
            }
            out.put(e.getKey(), limitOf(latest, e.getValue().size()));
        }
        return out;
    }

    private static EntityLimit limitOf(CreditScore s, int scores) {
        return new EntityLimit(
                s.getRegion() == null ? "" : s.getRegion(),
                s.getRecommendedLimit().getCurrency(),
                s.getRecommendedLimit().getAmount(),
                s.getScoreVersion(),
                s.getAsOf(),
                scores);
    }

    /** credit_scores_latest FINAL recomputed: each entity's highest version. */
    private static Map<String, EntityLimit> expectedLatest() {
        Map<String, CreditScore> latest = new TreeMap<>();
        for (CreditScore s : SCORES) {
            CreditScore had = latest.get(s.getEntityId());
            if (had == null || s.getScoreVersion() > had.getScoreVersion()) {
                latest.put(s.getEntityId(), s);
            }
        }
        Map<String, EntityLimit> out = new TreeMap<>();
        for (Map.Entry<String, CreditScore> e : latest.entrySet()) {
            out.put(e.getKey(), limitOf(e.getValue(), 1));
        }
        return out;
    }

    /** Groups entity limits by a key and gives the view's figures for each group. */
    private static Map<String, List<EntityLimit>> group(
            Map<String, EntityLimit> limits, BiFunction<String, EntityLimit, String> key) {
        Map<String, List<EntityLimit>> out = new TreeMap<>();
        for (Map.Entry<String, EntityLimit> e : limits.entrySet()) {
            out.computeIfAbsent(key.apply(e.getKey(), e.getValue()), k -> new ArrayList<>())
                    .add(e.getValue());
        }
        return out;
    }

    private static List<BigDecimal> amounts(List<EntityLimit> limits) {
        List<BigDecimal> out = new ArrayList<>();
        for (EntityLimit l : limits) {
            out.add(l.limit());
        }
        return out;
    }

    private static int withLimit(List<EntityLimit> limits) {
        int n = 0;
        for (EntityLimit l : limits) {
            if (l.limit().signum() > 0) {
                n++;
            }
        }
        return n;
    }

    private static Set<String> monthsWithOrders() {
        Set<String> out = new TreeSet<>();
        for (TradeEvent e : storedEvents()) {
            if (e.getType() == TradeEventType.ORDER_PLACED) {
                out.add(month(e.getEventTime().toEpochMilli()));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ checks

    private static List<Map<String, String>> rows(Engine engine, String sql) {
        return engine.select(sql.replace("DB.", DB + ".")).asMaps();
    }

    private static Map<String, Map<String, String>> byKey(
            List<Map<String, String>> rows, String... keyColumns) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Map<String, String> row : rows) {
            List<String> key = new ArrayList<>();
            for (String c : keyColumns) {
                key.add(row.get(c));
            }
            assertThat(out.put(String.join(" ", key), row)).as("duplicate row %s", key).isNull();
        }
        return out;
    }

    private static void assertNumber(Map<String, String> row, String column, Double expected) {
        if (expected == null) {
            assertThat(row.get(column)).as(column).isNull();
        } else {
            assertThat(row.get(column)).as(column).isNotNull();
            assertThat(Double.parseDouble(row.get(column)))
                    .as(column)
                    .isCloseTo(expected, within(1e-9));
        }
    }

    private static void assertMoney(Map<String, String> row, String column, BigDecimal expected) {
        if (expected == null) {
            assertThat(row.get(column)).as(column).isNull();
        } else {
            assertThat(row.get(column)).as(column).isNotNull();
            assertThat(new BigDecimal(row.get(column))).as(column).isEqualByComparingTo(expected);
        }
    }

    private static Double ratio(int a, int b) {
        return b == 0 ? null : a / (double) b;
    }

    @Test
    void theDataSetHasEveryCaseTheViewsMustTellApart() {
        List<Outcome> outcomes = expectedOutcomes();
        Set<String> kinds = new HashSet<>();
        for (Outcome o : outcomes) {
            kinds.add(o.kind());
        }
        assertThat(kinds)
                .containsExactlyInAnyOrder("PAYMENT_DEFAULT", "NON_DELIVERY", "CUSTOMS_REJECTED");
        Map<String, EntityFigures> entities = expectedEntities();
        int confirmed = 0;
        int unconfirmed = 0;
        int missed = 0;
        for (EntityFigures f : entities.values()) {
            confirmed += f.confirmed() ? 1 : 0;
            unconfirmed += f.warned() && !f.confirmed() ? 1 : 0;
            missed += !f.warned() && f.outcomes() > 0 ? 1 : 0;
        }
        assertThat(confirmed).isGreaterThanOrEqualTo(6);
        assertThat(unconfirmed).isGreaterThanOrEqualTo(6);
        assertThat(missed).isGreaterThanOrEqualTo(3);
        assertThat(confirmed % 2).as("an even count: the median is a mean of two").isZero();
        assertThat(RETRACTIONS).hasSizeGreaterThan(1);
        // February has two limit currencies, the other months one
        Set<String> februaryCurrencies = new HashSet<>();
        for (Map.Entry<String, EntityLimit> e : expectedEntityMonths().entrySet()) {
            if (e.getKey().endsWith("2026-02-01")) {
                februaryCurrencies.add(e.getValue().currency());
            }
        }
        assertThat(februaryCurrencies).containsExactlyInAnyOrder("EUR", "USD");
        assertThat(monthsWithOrders()).containsExactly("2026-01-01", "2026-02-01", "2026-04-01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void riskOutcomesAreTheDecidedDefaultsNonDeliveriesAndRejections(String name) {
        Map<String, Map<String, String>> rows =
                byKey(
                        rows(engine(name), "SELECT * FROM DB.kpi_risk_outcomes"),
                        "entity_id",
                        "event_id");
        List<Outcome> expected = expectedOutcomes();
        assertThat(rows).hasSize(expected.size());
        for (Outcome o : expected) {
            Map<String, String> row = rows.get(o.entity() + " " + o.eventId());
            assertThat(row).as(o.toString()).isNotNull();
            assertThat(row.get("outcome")).as(o.toString()).isEqualTo(o.kind());
            assertThat(row.get("counterparty_id")).isEqualTo(o.counterparty());
            assertThat(row.get("order_key")).isEqualTo(o.order());
            assertThat(row.get("outcome_time_ms")).isEqualTo(Long.toString(o.timeMs()));
            assertThat(row.get("outcome_time"))
                    .isEqualTo(dateTime(Instant.ofEpochMilli(o.timeMs())));
            assertThat(row.get("month")).isEqualTo(month(o.timeMs()));
            assertThat(row.get("decided_time")).isEqualTo(dateTime(o.decided()));
        }
        // the edge cases by name
        assertThat(rows)
                .containsKeys("x-tie cr-x-tie", "x-contagion dr-x-contagion", "x-lead dr-x-lead");
        assertThat(rows.get("x-contagion dr-x-contagion").get("outcome"))
                .isEqualTo("PAYMENT_DEFAULT");
        assertThat(rows.get("x-lead dr-x-lead").get("outcome_time"))
                .isEqualTo("2026-01-25 12:00:00");
        assertThat(rows.keySet())
                .noneMatch(
                        k ->
                                k.startsWith("x-quality ")
                                        || k.startsWith("x-noopen ")
                                        || k.startsWith("x-moved ")
                                        || k.startsWith("x-retracted ")
                                        || k.startsWith("x-withdrawn "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void warningAccuracyPerEntityAndOverall(String name) {
        Map<String, Map<String, String>> rows =
                byKey(rows(engine(name), "SELECT * FROM DB.kpi_warning_entities"), "entity_id");
        Map<String, EntityFigures> expected = expectedEntities();
        assertThat(rows.keySet()).isEqualTo(expected.keySet());
        int warned = 0;
        int withOutcome = 0;
        int tp = 0;
        List<Double> leads = new ArrayList<>();
        for (Map.Entry<String, EntityFigures> e : expected.entrySet()) {
            EntityFigures f = e.getValue();
            Map<String, String> row = rows.get(e.getKey());
            String as = e.getKey();
            assertThat(row.get("warned")).as(as).isEqualTo(f.warned() ? "1" : "0");
            assertThat(row.get("first_warning_time_ms"))
                    .as(as)
                    .isEqualTo(f.warned() ? Long.toString(f.firstWarningMs()) : null);
            assertThat(row.get("outcomes")).as(as).isEqualTo(Integer.toString(f.outcomes()));
            assertThat(row.get("first_outcome_time_ms"))
                    .as(as)
                    .isEqualTo(f.outcomes() > 0 ? Long.toString(f.firstOutcomeMs()) : null);
            assertThat(row.get("confirmed")).as(as).isEqualTo(f.confirmed() ? "1" : "0");
            assertThat(row.get("next_outcome_time_ms"))
                    .as(as)
                    .isEqualTo(f.confirmed() ? Long.toString(f.nextOutcomeMs()) : null);
            assertNumber(row, "lead_days", f.confirmed() ? f.leadDays() : null);
            warned += f.warned() ? 1 : 0;
            withOutcome += f.outcomes() > 0 ? 1 : 0;
            if (f.confirmed()) {
                tp++;
                leads.add(f.leadDays());
            }
        }
        assertThat(rows.get("x-tie")).containsEntry("warned", "1").containsEntry("confirmed", "0");
        assertThat(rows.get("x-contagion")).containsEntry("warned", "0");
        assertThat(rows.get("x-cleared")).containsEntry("warned", "0");
        assertThat(rows.get("x-quality")).containsEntry("outcomes", "0");
        assertNumber(rows.get("x-lead"), "lead_days", 5.5);

        List<Map<String, String>> overall =
                rows(engine(name), "SELECT * FROM DB.kpi_warning_accuracy");
        assertThat(overall).hasSize(1);
        Map<String, String> all = overall.get(0);
        assertThat(all.get("entities")).isEqualTo(Integer.toString(expected.size()));
        assertThat(all.get("warned_entities")).isEqualTo(Integer.toString(warned));
        assertThat(all.get("outcome_entities")).isEqualTo(Integer.toString(withOutcome));
        assertThat(all.get("true_positives")).isEqualTo(Integer.toString(tp));
        assertNumber(all, "precision", ratio(tp, warned));
        assertNumber(all, "recall", ratio(tp, withOutcome));
        assertNumber(all, "median_lead_days", median(leads));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void warningAccuracyPerMonth(String name) {
        Map<String, Map<String, String>> rows =
                byKey(rows(engine(name), "SELECT * FROM DB.kpi_warning_accuracy_monthly"), "month");
        Map<String, MonthFigures> expected = expectedMonths();
        assertThat(rows.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, MonthFigures> e : expected.entrySet()) {
            MonthFigures f = e.getValue();
            Map<String, String> row = rows.get(e.getKey());
            assertThat(row.get("warned_entities"))
                    .as(e.getKey())
                    .isEqualTo(Integer.toString(f.warned()));
            assertThat(row.get("true_positives"))
                    .as(e.getKey())
                    .isEqualTo(Integer.toString(f.truePositives()));
            assertThat(row.get("outcome_entities"))
                    .as(e.getKey())
                    .isEqualTo(Integer.toString(f.outcomeEntities()));
            assertThat(row.get("outcomes_warned"))
                    .as(e.getKey())
                    .isEqualTo(Integer.toString(f.outcomesWarned()));
            assertNumber(row, "precision", ratio(f.truePositives(), f.warned()));
            assertNumber(row, "recall", ratio(f.outcomesWarned(), f.outcomeEntities()));
            assertNumber(row, "median_lead_days", median(f.leads()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void creditLimitsPerEntityMonthRegionAndCurrency(String name) {
        Engine engine = engine(name);
        Map<String, EntityLimit> expected = expectedEntityMonths();
        Map<String, Map<String, String>> entityMonths =
                byKey(
                        rows(engine, "SELECT * FROM DB.kpi_credit_limit_entity_month"),
                        "entity_id",
                        "month");
        assertThat(entityMonths.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, EntityLimit> e : expected.entrySet()) {
            Map<String, String> row = entityMonths.get(e.getKey());
            EntityLimit l = e.getValue();
            assertThat(row.get("region")).as(e.getKey()).isEqualTo(l.region());
            assertThat(row.get("currency")).as(e.getKey()).isEqualTo(l.currency());
            assertMoney(row, "recommended_limit", l.limit());
            assertThat(row.get("latest_score_version")).isEqualTo(Long.toString(l.version()));
            assertThat(row.get("latest_as_of")).isEqualTo(dateTime(l.asOf()));
            assertThat(row.get("scores")).as(e.getKey()).isEqualTo(Integer.toString(l.scores()));
        }

        Map<String, List<EntityLimit>> byMonthCurrency =
                group(expected, (k, l) -> k.substring(k.indexOf(' ') + 1) + " " + l.currency());
        checkLimitGroups(
                byKey(
                        rows(engine, "SELECT * FROM DB.kpi_credit_limit_monthly"),
                        "month",
                        "currency"),
                byMonthCurrency);
        Map<String, List<EntityLimit>> byMonthRegionCurrency =
                group(
                        expected,
                        (k, l) ->
                                k.substring(k.indexOf(' ') + 1)
                                        + " "
                                        + l.region()
                                        + " "
                                        + l.currency());
        checkLimitGroups(
                byKey(
                        rows(engine, "SELECT * FROM DB.kpi_credit_limit_region_monthly"),
                        "month",
                        "region",
                        "currency"),
                byMonthRegionCurrency);
    }

    private static void checkLimitGroups(
            Map<String, Map<String, String>> rows, Map<String, List<EntityLimit>> expected) {
        assertThat(rows.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, List<EntityLimit>> e : expected.entrySet()) {
            Map<String, String> row = rows.get(e.getKey());
            List<BigDecimal> amounts = amounts(e.getValue());
            assertThat(row.get("scored_entities"))
                    .as(e.getKey())
                    .isEqualTo(Integer.toString(amounts.size()));
            assertThat(row.get("entities_with_limit"))
                    .as(e.getKey())
                    .isEqualTo(Integer.toString(withLimit(e.getValue())));
            assertMoney(row, "total_recommended_limit", sum(amounts));
            assertMoney(row, "avg_recommended_limit", average(amounts));
            assertMoney(row, "median_recommended_limit", median(amounts));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void creditLimitsNowFromEachEntitysLatestScore(String name) {
        Engine engine = engine(name);
        Map<String, EntityLimit> latest = expectedLatest();
        Map<String, List<EntityLimit>> byCurrency = group(latest, (k, l) -> l.currency());
        Map<String, Map<String, String>> current =
                byKey(rows(engine, "SELECT * FROM DB.kpi_credit_limit_current"), "currency");
        checkLimitGroups(current, byCurrency);
        for (Map.Entry<String, List<EntityLimit>> e : byCurrency.entrySet()) {
            Instant newest = Instant.EPOCH;
            for (EntityLimit l : e.getValue()) {
                newest = l.asOf().isAfter(newest) ? l.asOf() : newest;
            }
            assertThat(current.get(e.getKey()).get("latest_as_of")).isEqualTo(dateTime(newest));
        }
        checkLimitGroups(
                byKey(
                        rows(engine, "SELECT * FROM DB.kpi_credit_limit_region_current"),
                        "region",
                        "currency"),
                group(latest, (k, l) -> l.region() + " " + l.currency()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "chdb"})
    void kpiMonthlyPutsWarningsAndLimitsBesideTheEventKpis(String name) {
        Map<String, Map<String, String>> rows =
                byKey(rows(engine(name), "SELECT * FROM DB.kpi_monthly"), "month");
        assertThat(rows.keySet()).isEqualTo(monthsWithOrders());
        Map<String, MonthFigures> warnings = expectedMonths();
        Map<String, List<EntityLimit>> limits =
                group(expectedEntityMonths(), (k, l) -> k.substring(k.indexOf(' ') + 1));
        for (String month : monthsWithOrders()) {
            Map<String, String> row = rows.get(month);
            assertThat(row.get("orders")).as(month).isEqualTo("3");
            MonthFigures w = warnings.getOrDefault(month, new MonthFigures(0, 0, 0, 0, List.of()));
            assertThat(row.get("warned_entities"))
                    .as(month)
                    .isEqualTo(Integer.toString(w.warned()));
            assertThat(row.get("warning_true_positives"))
                    .isEqualTo(Integer.toString(w.truePositives()));
            assertNumber(row, "warning_precision", ratio(w.truePositives(), w.warned()));
            assertThat(row.get("risk_outcome_entities"))
                    .isEqualTo(Integer.toString(w.outcomeEntities()));
            assertThat(row.get("risk_outcomes_warned"))
                    .isEqualTo(Integer.toString(w.outcomesWarned()));
            assertNumber(row, "warning_recall", ratio(w.outcomesWarned(), w.outcomeEntities()));
            assertNumber(row, "median_warning_lead_days", median(w.leads()));

            List<EntityLimit> scored = limits.getOrDefault(month, List.of());
            Set<String> currencies = new TreeSet<>();
            for (EntityLimit l : scored) {
                currencies.add(l.currency());
            }
            assertThat(row.get("scored_entities"))
                    .as(month)
                    .isEqualTo(Integer.toString(scored.size()));
            assertThat(row.get("limit_currencies")).isEqualTo(Integer.toString(currencies.size()));
            boolean one = currencies.size() == 1;
            assertThat(row.get("limit_currency"))
                    .isEqualTo(one ? currencies.iterator().next() : "");
            assertMoney(row, "avg_recommended_limit", one ? average(amounts(scored)) : null);
            assertMoney(row, "median_recommended_limit", one ? median(amounts(scored)) : null);
        }
        // February mixes EUR and USD limits: no single average in kpi_monthly
        assertThat(rows.get("2026-02-01").get("limit_currencies")).isEqualTo("2");
        assertThat(rows.get("2026-02-01").get("avg_recommended_limit")).isNull();
        assertThat(rows.get("2026-01-01").get("avg_recommended_limit")).isNotNull();
    }

    @Test
    void bothEnginesGiveEveryNewViewTheSameColumnsAndTypes() {
        for (String view :
                List.of(
                        "kpi_risk_outcomes",
                        "kpi_warning_entities",
                        "kpi_warning_accuracy",
                        "kpi_warning_accuracy_monthly",
                        "kpi_credit_limit_entity_month",
                        "kpi_credit_limit_monthly",
                        "kpi_credit_limit_region_monthly",
                        "kpi_credit_limit_current",
                        "kpi_credit_limit_region_current",
                        "kpi_monthly")) {
            List<String> onServer = describe(server, view);
            assertThat(describe(chDb, view)).as(view).isEqualTo(onServer);
        }
    }

    /** Column names and types, in order. */
    private static List<String> describe(Engine engine, String view) {
        List<String> out = new ArrayList<>();
        for (Map<String, String> c : engine.select("DESCRIBE TABLE " + DB + "." + view).asMaps()) {
            out.add(c.get("name") + " " + c.get("type"));
        }
        return out;
    }
}
