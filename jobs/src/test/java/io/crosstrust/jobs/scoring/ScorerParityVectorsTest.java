package io.crosstrust.jobs.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.ingest.local.ProjectRoot;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.Dimension;
import io.crosstrust.models.scoring.CreditModel;
import io.crosstrust.models.scoring.Scorecard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors for scorer parity between the Java scorer and the notebooks' Python module ({@code
 * notebooks/crosstrust_model.py}): for each shipped artifact (the built-in default model and the
 * trade-world model) feature values — on bin edges, a hair either side, between and beyond them,
 * missing — with everything the Java scorer derives from them: eta, PD, composite, grade, dimension
 * sub-scores, reason codes with their points, and the credit limit for a given monthly volume and
 * exposure. The file is {@code notebooks/tests/scorer-parity-vectors.json}; this test checks it
 * still equals what the Java scorer computes (1e-9) and runs the Python test over it with {@code
 * /usr/bin/python3}. Regenerate with {@link #main} after a shipped artifact changes.
 */
class ScorerParityVectorsTest {
    static final String FILE = "notebooks/tests/scorer-parity-vectors.json";
    static final double TOLERANCE = 1e-9;

    static List<CreditModel> shippedModels() {
        return List.of(CreditModel.builtIn(), TradeWorldModel.shipped());
    }

    @Test
    void theJavaScorerReproducesTheParityVectors() throws Exception {
        JsonNode golden = new ObjectMapper().readTree(ProjectRoot.find().resolve(FILE).toFile());
        assertThat(golden.get("models").size()).isEqualTo(2);
        for (CreditModel model : shippedModels()) {
            JsonNode m = null;
            for (JsonNode candidate : golden.get("models")) {
                if (candidate.get("artifact_content_hash").asText().equals(model.contentHash())) {
                    m = candidate;
                }
            }
            assertThat(m)
                    .as(
                            "no vectors for %s %s (%s): regenerate with ScorerParityVectorsTest.main",
                            model.id(), model.version(), model.contentHash())
                    .isNotNull();
            assertThat(m.get("vectors").size()).isGreaterThanOrEqualTo(100);
            for (JsonNode v : m.get("vectors")) {
                ObjectNode expected = vector(model, v.get("features"), v);
                assertSame(expected, v);
            }
        }
    }

    @Test
    void thePythonScorerReproducesTheParityVectors() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Path root = ProjectRoot.find();
        Process p =
                new ProcessBuilder(
                                python.toString(),
                                "-m",
                                "unittest",
                                "-v",
                                "tests.test_crosstrust_model")
                        .directory(root.resolve("notebooks").toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK");
    }

    private static void assertSame(ObjectNode expected, JsonNode actual) {
        for (String k : List.of("eta", "pd", "composite")) {
            assertThat(actual.get(k).doubleValue())
                    .as(k)
                    .isCloseTo(expected.get(k).doubleValue(), within(TOLERANCE));
        }
        assertThat(actual.get("grade").asText()).isEqualTo(expected.get("grade").asText());
        assertThat(actual.get("limit").longValue()).isEqualTo(expected.get("limit").longValue());
        assertThat(actual.get("dimensions").size()).isEqualTo(expected.get("dimensions").size());
        expected.get("dimensions")
                .fields()
                .forEachRemaining(
                        e ->
                                assertThat(actual.get("dimensions").get(e.getKey()).doubleValue())
                                        .as(e.getKey())
                                        .isCloseTo(e.getValue().doubleValue(), within(TOLERANCE)));
        assertThat(actual.get("reasons").size()).isEqualTo(expected.get("reasons").size());
        for (int i = 0; i < expected.get("reasons").size(); i++) {
            JsonNode e = expected.get("reasons").get(i);
            JsonNode a = actual.get("reasons").get(i);
            assertThat(a.get(0).asText()).isEqualTo(e.get(0).asText());
            assertThat(a.get(1).doubleValue()).isCloseTo(e.get(1).doubleValue(), within(TOLERANCE));
        }
    }

    /** What the Java scorer gives for one vector (features, monthly_volume, exposure). */
    static ObjectNode vector(CreditModel model, JsonNode features, JsonNode limitInputs) {
        Scorecard sc = model.scorecard();
        ObjectMapper m = new ObjectMapper();
        double[] x = new double[sc.featureCount()];
        for (int j = 0; j < x.length; j++) {
            JsonNode n = features.get(sc.featureName(j));
            x[j] = n == null || n.isNull() ? Double.NaN : n.doubleValue();
        }
        double[] c = new double[x.length];
        double eta = sc.contributions(x, null, c);
        double pd = sc.pd(eta);
        ObjectNode row = m.createObjectNode();
        row.set("features", features);
        double volume = limitInputs.get("monthly_volume").doubleValue();
        double exposure = limitInputs.get("exposure").doubleValue();
        row.put("monthly_volume", volume);
        row.put("exposure", exposure);
        row.put("eta", eta);
        row.put("pd", pd);
        row.put("composite", sc.composite(eta));
        row.put("grade", sc.grade(pd));
        double[] sums = new double[Dimension.ALL.size()];
        for (int j = 0; j < x.length; j++) {
            if (sc.dimensionIndex(j) >= 0) {
                sums[sc.dimensionIndex(j)] += c[j];
            }
        }
        ObjectNode dims = row.putObject("dimensions");
        for (Dimension d : Dimension.ALL) {
            if (sc.hasDimension(d)) {
                dims.put(d.key(), sc.dimensionScore(d, sums[d.ordinal()]));
            }
        }
        // the reason selection of CreditModel.score: the max_reasons largest |points| above 1e-9,
        // strongest first, ties in feature order (a stable sort is the same order)
        List<double[]> points = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            double p = sc.reasonPoints(j, c[j]);
            if (Math.abs(p) > 1e-9) {
                points.add(new double[] {j, p});
            }
        }
        points.sort(Comparator.comparingDouble(jp -> -Math.abs(jp[1])));
        ArrayNode reasons = row.putArray("reasons");
        for (int r = 0; r < Math.min(points.size(), model.artifact().maxReasons()); r++) {
            ArrayNode reason = reasons.addArray();
            reason.add(sc.featureCode((int) points.get(r)[0]));
            reason.add(points.get(r)[1]);
        }
        row.put("limit", model.limitRule().limitUnits(pd, volume, exposure));
        return row;
    }

    /** Writes the vectors file from the shipped artifacts. */
    public static void main(String[] args) throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put(
                "note",
                "written by ScorerParityVectorsTest.main from the shipped artifacts; features ->"
                        + " eta, pd, composite, grade, dimensions, reasons [code, points], limit"
                        + " (docs/model-artifact.md); null = missing");
        ArrayNode models = root.putArray("models");
        Random r = new Random(2026_11_21L);
        for (CreditModel model : shippedModels()) {
            ModelArtifact a = model.artifact();
            ObjectNode mn = models.addObject();
            mn.put("artifact_id", a.id());
            mn.put("artifact_version", a.version());
            mn.put("artifact_content_hash", a.contentHash());
            mn.put(
                    "artifact_path",
                    model.id().equals(TradeWorldModel.ID)
                            ? "jobs/src/main/resources" + TradeWorldModel.RESOURCE
                            : "models/src/main/resources" + CreditModel.DEFAULT_RESOURCE);
            ArrayNode vectors = mn.putArray("vectors");
            for (int i = 0; i < 120; i++) {
                ObjectNode fv = m.createObjectNode();
                for (ModelArtifact.Feature f : a.features()) {
                    double v = randomValue(r, f.edges(), i);
                    if (Double.isNaN(v)) {
                        fv.putNull(f.name());
                    } else {
                        fv.put(f.name(), v);
                    }
                }
                ObjectNode inputs = m.createObjectNode();
                inputs.put("monthly_volume", r.nextInt(4) == 0 ? 0.0 : r.nextDouble() * 200_000);
                inputs.put("exposure", r.nextInt(3) == 0 ? 0.0 : r.nextDouble() * 50_000);
                vectors.add(vector(model, fv, inputs));
            }
        }
        Path out = ProjectRoot.find().resolve(FILE);
        Files.createDirectories(out.getParent());
        Files.writeString(out, m.writeValueAsString(root) + "\n");
        System.out.println("wrote " + out);
    }

    private static double randomValue(Random r, List<Double> edges, int i) {
        int kind = r.nextInt(12);
        if (edges.isEmpty()) {
            return kind == 0 && i % 3 == 0 ? Double.NaN : r.nextDouble() * 10;
        }
        double e = edges.get(r.nextInt(edges.size()));
        double lo = edges.get(0);
        double hi = edges.get(edges.size() - 1);
        double span = Math.max(1e-6, hi - lo);
        return switch (kind) {
            case 0 -> i % 3 == 0 ? Double.NaN : e;
            case 1, 2 -> e; // exactly on an edge: the lower bin
            case 3 -> Math.nextUp(e);
            case 4 -> Math.nextDown(e);
            case 5 -> lo - r.nextDouble() * span;
            case 6 -> hi + r.nextDouble() * span;
            default -> lo + r.nextDouble() * span;
        };
    }
}
