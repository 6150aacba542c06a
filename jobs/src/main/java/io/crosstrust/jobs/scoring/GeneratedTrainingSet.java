package io.crosstrust.jobs.scoring;

import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.trade.TradeEvent;
import io.crosstrust.ingest.generator.EntityTruth;
import io.crosstrust.ingest.generator.GeneratedEvent;
import io.crosstrust.ingest.generator.GroundTruth;
import io.crosstrust.ingest.generator.TradeWorld;
import io.crosstrust.ingest.generator.TradeWorldConfig;
import io.crosstrust.ingest.normalise.InvalidEventException;
import io.crosstrust.ingest.normalise.PlatformEventNormaliser;
import io.crosstrust.jobs.scoring.CreditEvents.Role;
import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.data.TabularData;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.Dimension;
import io.crosstrust.models.features.FeatureDefinition;
import io.crosstrust.models.scoring.CreditModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A point-in-time training table from a labelled generated world: the world's events go through the
 * platform normaliser, the {@link CreditEvents} mapping and the per-entity {@link
 * EntityCreditState} (the code the scoring job runs), and at each as-of instant every live buyer
 * and seller's features are computed as of that instant from the events up to it (no look-ahead).
 * Each such snapshot is a row, labelled 1 when the entity defaults in (asOf, asOf + horizon]
 * according to the world's ground truth ({@link GroundTruth#defaultedWithin}).
 *
 * <p>Left out: logistics providers (never profiled, never default: they would only make the task
 * look easier), entities not registered or already defaulted at the as-of instant, and the four
 * network features (the network job sets them; without it they are constants). An as-of instant
 * whose horizon ends after the world does is refused, since its negatives would be censored.
 *
 * <p>Memory: one {@link EntityCreditState} per entity (about 0.5 KB + open instalments) plus the
 * rows; a default world (2,000 entities, 180 days, about a million events) builds in seconds.
 */
public final class GeneratedTrainingSet {

    /** The feature columns: every streaming feature except the network dimension. */
    public static final List<String> FEATURES =
            CreditFeatures.DEFINITIONS.stream()
                    .filter(d -> d.dimension() != Dimension.NETWORK)
                    .map(FeatureDefinition::name)
                    .toList();

    /**
     * @param data the table for {@code ModelTrainer}: {@link #FEATURES} columns, label = default
     *     within the horizon
     * @param entityIds the entity of each row
     * @param asOf the as-of instant of each row
     * @param truth the world's ground truth at its end
     * @param events events read from the world
     * @param invalid events the normaliser refused (none expected from the generator)
     */
    public record Result(
            TabularData data,
            List<String> entityIds,
            List<Instant> asOf,
            GroundTruth truth,
            long events,
            long invalid) {}

    private GeneratedTrainingSet() {}

    /** As-of instants every {@code step} from {@code first} while the horizon fits in the world. */
    public static List<Instant> asOfInstants(
            TradeWorldConfig config, Duration first, Duration step, Duration horizon) {
        Instant end = config.start().plus(Duration.ofDays(config.days()));
        List<Instant> out = new ArrayList<>();
        for (Instant t = config.start().plus(first);
                !t.plus(horizon).isAfter(end);
                t = t.plus(step)) {
            out.add(t);
        }
        return out;
    }

    /**
     * Runs the bounded world to its end and builds the table.
     *
     * @param model supplies the feature settings (half-lives, currency); its scorecard is unused
     * @param asOfInstants snapshot instants, increasing
     * @param horizon the label's horizon
     */
    public static Result build(
            TradeWorldConfig config,
            CreditModel model,
            List<Instant> asOfInstants,
            Duration horizon) {
        return build(config, model.features(), asOfInstants, horizon);
    }

    /**
     * {@link #build(TradeWorldConfig, CreditModel, List, Duration)} with given feature settings.
     */
    public static Result build(
            TradeWorldConfig config,
            CreditFeatures model,
            List<Instant> asOfInstants,
            Duration horizon) {
        Objects.requireNonNull(model, "model");
        if (config.unbounded() || config.days() == 0) {
            throw new IllegalArgumentException("the world must be bounded by days");
        }
        if (asOfInstants.isEmpty()) {
            throw new IllegalArgumentException("no as-of instants");
        }
        Instant end = config.start().plus(Duration.ofDays(config.days()));
        for (int i = 0; i < asOfInstants.size(); i++) {
            Instant t = asOfInstants.get(i);
            if (t.plus(horizon).isAfter(end)) {
                throw new IllegalArgumentException(
                        "as-of "
                                + t
                                + " + horizon "
                                + horizon
                                + " ends after the world ("
                                + end
                                + "): its negatives would be censored");
            }
            if (i > 0 && !t.isAfter(asOfInstants.get(i - 1))) {
                throw new IllegalArgumentException("as-of instants must increase");
            }
        }

        int[] columns = new int[FEATURES.size()];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = CreditFeatures.indexOf(FEATURES.get(j));
        }
        PlatformEventNormaliser normaliser = new PlatformEventNormaliser();
        Map<String, EntityCreditState> states = new LinkedHashMap<>();
        List<String> rowEntity = new ArrayList<>();
        List<Instant> rowAsOf = new ArrayList<>();
        List<double[]> rowFeatures = new ArrayList<>();
        double[] all = new double[CreditFeatures.FEATURE_COUNT];

        TradeWorld world = new TradeWorld(config);
        int next = 0;
        long events = 0;
        long invalid = 0;
        while (world.hasNext()) {
            GeneratedEvent g = world.next();
            while (next < asOfInstants.size() && g.eventTime().isAfter(asOfInstants.get(next))) {
                snapshot(
                        states,
                        model,
                        asOfInstants.get(next),
                        columns,
                        all,
                        rowEntity,
                        rowAsOf,
                        rowFeatures);
                next++;
            }
            events++;
            TradeEvent e;
            try {
                e = normaliser.normalise(g.record());
            } catch (InvalidEventException ex) {
                invalid++;
                continue;
            }
            states.computeIfAbsent(e.getSubjectId(), id -> EntityCreditState.empty())
                    .apply(model, e, Role.SUBJECT);
            if (e.getCounterpartyId() != null
                    && CreditEvents.concerns(e.getType(), Role.COUNTERPARTY)) {
                states.computeIfAbsent(e.getCounterpartyId(), id -> EntityCreditState.empty())
                        .apply(model, e, Role.COUNTERPARTY);
            }
        }
        while (next < asOfInstants.size()) {
            snapshot(
                    states,
                    model,
                    asOfInstants.get(next),
                    columns,
                    all,
                    rowEntity,
                    rowAsOf,
                    rowFeatures);
            next++;
        }

        GroundTruth truth = world.groundTruth();
        List<Integer> keep = new ArrayList<>();
        for (int r = 0; r < rowEntity.size(); r++) {
            EntityTruth t = truth.entity(rowEntity.get(r)).orElse(null);
            if (t == null
                    || t.kind() == EntityKind.LOGISTICS
                    || t.registered().isAfter(rowAsOf.get(r))
                    || truth.defaultedBy(t.id(), rowAsOf.get(r))) {
                continue;
            }
            keep.add(r);
        }
        int n = keep.size();
        int[] labels = new int[n];
        double[][] values = new double[columns.length][n];
        List<String> ids = new ArrayList<>(n);
        List<Instant> times = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int r = keep.get(k);
            String id = rowEntity.get(r);
            Instant asOf = rowAsOf.get(r);
            labels[k] = truth.defaultedWithin(id, asOf, horizon) ? 1 : 0;
            double[] f = rowFeatures.get(r);
            for (int j = 0; j < columns.length; j++) {
                values[j][k] = f[j];
            }
            ids.add(id);
            times.add(asOf);
        }
        List<TabularData.Column> cols = new ArrayList<>();
        for (int j = 0; j < columns.length; j++) {
            cols.add(new TabularData.NumericColumn(FEATURES.get(j), values[j]));
        }
        String description =
                "trade-world("
                        + config.overrides()
                        + ");asOf="
                        + asOfInstants
                        + ";horizon="
                        + horizon;
        TabularData data =
                new TabularData(
                        "trade-world(seed=" + config.seed() + ")",
                        DataTable.sha256(description.getBytes(StandardCharsets.UTF_8)),
                        labels,
                        cols);
        return new Result(data, ids, times, truth, events, invalid);
    }

    private static void snapshot(
            Map<String, EntityCreditState> states,
            CreditFeatures model,
            Instant asOf,
            int[] columns,
            double[] all,
            List<String> rowEntity,
            List<Instant> rowAsOf,
            List<double[]> rowFeatures) {
        long t = asOf.toEpochMilli();
        for (Map.Entry<String, EntityCreditState> s : states.entrySet()) {
            model.compute(s.getValue().scoringView(model, t, OverdueThresholds.DEFAULT), t, all);
            double[] row = new double[columns.length];
            for (int j = 0; j < columns.length; j++) {
                row[j] = all[columns[j]];
            }
            rowEntity.add(s.getKey());
            rowAsOf.add(asOf);
            rowFeatures.add(row);
        }
    }
}
