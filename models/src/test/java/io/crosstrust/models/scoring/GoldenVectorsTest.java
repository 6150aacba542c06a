package io.crosstrust.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.models.ProjectFiles;
import io.crosstrust.models.artifact.ModelArtifact;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors for scorer parity across languages (the notebooks check the same file): feature
 * values of the built-in model, including values exactly on bin edges and missing values, with the
 * eta, PD, composite and grade the Java scorer gives. Regenerate with {@link #main} after the
 * default model changes.
 */
class GoldenVectorsTest {
    static final String RESOURCE = "/io/crosstrust/models/golden/default-credit-model-vectors.json";

    @Test
    void theScorerReproducesTheGoldenVectors() throws Exception {
        JsonNode golden;
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream(RESOURCE)) {
            golden = new ObjectMapper().readTree(in);
        }
        CreditModel model = CreditModel.builtIn();
        assertThat(golden.get("artifact_content_hash").asText())
                .as(
                        "golden vectors are for another artifact; regenerate with GoldenVectorsTest.main")
                .isEqualTo(model.contentHash());
        Scorecard sc = model.scorecard();
        assertThat(golden.get("vectors").size()).isGreaterThanOrEqualTo(100);
        for (JsonNode v : golden.get("vectors")) {
            double[] x = new double[sc.featureCount()];
            for (int j = 0; j < x.length; j++) {
                JsonNode n = v.get("features").get(sc.featureName(j));
                x[j] = n.isNull() ? Double.NaN : n.doubleValue();
            }
            double eta = sc.contributions(x, null, new double[x.length]);
            assertThat(eta).isEqualTo(v.get("eta").doubleValue());
            assertThat(sc.pd(eta)).isEqualTo(v.get("pd").doubleValue());
            assertThat(sc.composite(eta)).isEqualTo(v.get("composite").doubleValue());
            assertThat(sc.grade(sc.pd(eta))).isEqualTo(v.get("grade").asText());
        }
    }

    /** Writes the golden file into the test resources. */
    public static void main(String[] args) throws Exception {
        CreditModel model = CreditModel.builtIn();
        Scorecard sc = model.scorecard();
        ModelArtifact a = model.artifact();
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("artifact_id", a.id());
        root.put("artifact_version", a.version());
        root.put("artifact_content_hash", a.contentHash());
        root.put(
                "note",
                "features -> eta, pd, composite, grade by docs/model-artifact.md; null = missing");
        ArrayNode vectors = root.putArray("vectors");
        Random r = new Random(2026);
        for (int i = 0; i < 150; i++) {
            double[] x = new double[sc.featureCount()];
            ObjectNode fv = m.createObjectNode();
            for (int j = 0; j < x.length; j++) {
                ModelArtifact.Feature f = a.features().get(j);
                double v;
                int kind = r.nextInt(10);
                if (kind == 0 && !f.edges().isEmpty()) {
                    v = f.edges().get(r.nextInt(f.edges().size())); // exactly on an edge
                } else if (kind == 1 && i % 5 == 0) {
                    v = Double.NaN;
                } else {
                    v = CreditModelPropertiesTest.randomValue(r, f.name());
                }
                x[j] = v;
                if (Double.isNaN(v)) {
                    fv.putNull(f.name());
                } else {
                    fv.put(f.name(), v);
                }
            }
            double eta = sc.contributions(x, null, new double[x.length]);
            ObjectNode row = vectors.addObject();
            row.set("features", fv);
            row.put("eta", eta);
            row.put("pd", sc.pd(eta));
            row.put("composite", sc.composite(eta));
            row.put("grade", sc.grade(sc.pd(eta)));
        }
        Path out = ProjectFiles.projectRoot().resolve("models/src/test/resources" + RESOURCE);
        Files.writeString(out, m.writeValueAsString(root) + "\n");
        System.out.println("wrote " + out);
    }
}
