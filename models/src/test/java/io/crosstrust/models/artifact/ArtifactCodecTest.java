package io.crosstrust.models.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.models.scoring.CreditModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCodecTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static ModelArtifact builtIn() {
        return CreditModel.builtIn().artifact();
    }

    @Test
    void canonicalFormIsSortedCompactWithFloatsAsBits() throws Exception {
        JsonNode n =
                M.readTree(
                        "{\"b\":1,\"a\":[1.5,\"x\\n\\u0001\\\"\"],\"c\":null,\"B\":true,\"é\":-0.0,\"d\":1e2}");
        assertThat(CanonicalJson.write(n))
                .isEqualTo(
                        "{\"B\":true,\"a\":[d3ff8000000000000,\"x\\n\\u0001\\\"\"],\"b\":1,"
                                + "\"c\":null,\"d\":d4059000000000000,\"é\":d8000000000000000}");
    }

    @Test
    void roundTripIsExact() throws Exception {
        ModelArtifact a = builtIn();
        String json = ArtifactCodec.toJson(a);
        ModelArtifact back = ArtifactCodec.fromJson(json);
        assertThat(back).isEqualTo(a);
        assertThat(ArtifactCodec.toJson(back)).isEqualTo(json);
        for (int j = 0; j < a.features().size(); j++) {
            assertThat(Double.doubleToRawLongBits(back.features().get(j).weight()))
                    .isEqualTo(Double.doubleToRawLongBits(a.features().get(j).weight()));
        }
    }

    @Test
    void roundTripIsExactForArbitraryDoubles() throws Exception {
        Random r = new Random(21);
        ModelArtifact a = builtIn();
        for (int trial = 0; trial < 50; trial++) {
            double intercept = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(intercept)) {
                continue;
            }
            ModelArtifact changed =
                    a.withModel(
                            a.features(),
                            intercept,
                            new ModelArtifact.Calibration(
                                    "platt", r.nextGaussian() * 1e-300, 1 + r.nextDouble()));
            ModelArtifact back = ArtifactCodec.fromJson(ArtifactCodec.toJson(changed));
            assertThat(Double.doubleToRawLongBits(back.intercept()))
                    .isEqualTo(Double.doubleToRawLongBits(intercept));
            assertThat(back).isEqualTo(ArtifactCodec.sealed(changed));
        }
    }

    @Test
    void theHashCoversTheContentButNotItsOwnField() throws Exception {
        ModelArtifact a = builtIn();
        assertThat(a.contentHash()).startsWith("sha256:").hasSize(7 + 64);
        ObjectNode tree = (ObjectNode) M.readTree(ArtifactCodec.toJson(a));
        tree.remove("content_hash");
        assertThat(ArtifactCodec.contentHash(tree)).isEqualTo(a.contentHash());
        assertThat(ArtifactCodec.sealed(a.withIdentity("other", "2", a.createdAt())).contentHash())
                .isNotEqualTo(a.contentHash());
    }

    @Test
    void aTamperedArtifactIsRejected() throws Exception {
        String json = ArtifactCodec.toJson(builtIn());
        ObjectNode tree = (ObjectNode) M.readTree(json);
        ObjectNode f0 = (ObjectNode) tree.get("features").get(1);
        f0.put("weight", f0.get("weight").doubleValue() + 0.001);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(tree)))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("content hash mismatch");
        // a single changed byte anywhere in the text, too
        Random r = new Random(5);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int rejected = 0;
        for (int trial = 0; trial < 400; trial++) {
            byte[] copy = bytes.clone();
            int i = r.nextInt(copy.length);
            byte b = copy[i];
            if (!Character.isDigit(b)) {
                continue;
            }
            copy[i] = (byte) (b == '9' ? '1' : b + 1);
            if (M.readTree(copy).equals(M.readTree(bytes))) {
                continue; // a digit past a double's precision: the same number, the same hash
            }
            assertThatThrownBy(() -> ArtifactCodec.fromJson(copy))
                    .isInstanceOf(ArtifactException.class);
            rejected++;
        }
        assertThat(rejected).isGreaterThan(25);
    }

    @Test
    void aWrongSchemaIsRejectedEvenWithAValidHash() throws Exception {
        ObjectNode tree = (ObjectNode) M.readTree(ArtifactCodec.toJson(builtIn()));
        tree.remove("content_hash");
        ObjectNode extra = tree.deepCopy();
        extra.put("surprise", 1);
        rehash(extra);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(extra)))
                .hasMessageContaining("does not match schema version 1")
                .hasMessageContaining("surprise");

        ObjectNode version = tree.deepCopy();
        version.put("format_version", 2);
        rehash(version);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(version)))
                .hasMessageContaining("unsupported artifact format_version 2");

        ObjectNode notOurs = tree.deepCopy();
        notOurs.put("format", "onnx");
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(notOurs)))
                .hasMessageContaining("not a model artifact");

        ObjectNode noHash = tree.deepCopy();
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(noHash)))
                .hasMessageContaining("no content_hash");

        ObjectNode floatCount = tree.deepCopy();
        floatCount.put("max_reasons", 4.0);
        rehash(floatCount);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(floatCount)))
                .hasMessageContaining("max_reasons must be an integer");

        ObjectNode textEdge = tree.deepCopy();
        ((ArrayNode) findFeature(textEdge, "stability.tenure_days").get("edges")).set(0, "68");
        rehash(textEdge);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(textEdge)))
                .hasMessageMatching(".*features\\[\\d+\\]\\.edges\\[0\\] must be a number.*");

        ObjectNode noTarget = tree.deepCopy();
        noTarget.remove("target");
        rehash(noTarget);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(noTarget)))
                .hasMessageContaining("target must be an object");

        assertThatThrownBy(() -> ArtifactCodec.fromJson("{not json"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anInconsistentModelIsRejectedWithTheFieldNamed() throws Exception {
        ObjectNode tree = (ObjectNode) M.readTree(ArtifactCodec.toJson(builtIn()));
        tree.remove("content_hash");

        ObjectNode nonMonotone = tree.deepCopy();
        ObjectNode feature = findFeature(nonMonotone, "payment.avg_days_late");
        ArrayNode bins = (ArrayNode) feature.get("bins");
        ((ObjectNode) bins.get(bins.size() - 1)).put("woe", -10.0);
        rehash(nonMonotone);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(nonMonotone)))
                .hasMessageContaining("payment.avg_days_late")
                .hasMessageContaining("declared increasing_risk but woe goes the other way");

        ObjectNode negative = tree.deepCopy();
        findFeature(negative, "payment.on_time_rate").put("weight", -0.5);
        rehash(negative);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(negative)))
                .hasMessageContaining("weight must be finite and >= 0");

        ObjectNode edges = tree.deepCopy();
        ((ArrayNode) findFeature(edges, "stability.tenure_days").get("edges")).add(-1.0);
        rehash(edges);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(edges)))
                .hasMessageContaining("edges must be strictly increasing");

        ObjectNode grades = tree.deepCopy();
        ((ObjectNode) grades.get("grades").get(grades.get("grades").size() - 1)).put("max_pd", 0.9);
        rehash(grades);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(grades)))
                .hasMessageContaining("last grade band must have max_pd 1.0");

        ObjectNode calibration = tree.deepCopy();
        ((ObjectNode) calibration.get("calibration")).put("b", -1.0);
        rehash(calibration);
        assertThatThrownBy(() -> ArtifactCodec.fromJson(M.writeValueAsString(calibration)))
                .hasMessageContaining("calibration.b must be > 0");
    }

    @Test
    void writesAndReadsFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/model.json");
        ArtifactCodec.write(builtIn(), f);
        assertThat(ArtifactCodec.read(f)).isEqualTo(builtIn());
        Files.writeString(
                f,
                Files.readString(f).replace("\"version\" : \"1.0.0\"", "\"version\" : \"1.0.1\""));
        assertThatThrownBy(() -> ArtifactCodec.read(f))
                .hasMessageContaining(f.toString())
                .hasMessageContaining("content hash mismatch");
    }

    private static ObjectNode findFeature(ObjectNode tree, String name) {
        for (JsonNode f : tree.get("features")) {
            if (f.get("name").asText().equals(name)) {
                return (ObjectNode) f;
            }
        }
        throw new AssertionError("no feature " + name);
    }

    private static void rehash(ObjectNode tree) {
        tree.remove("content_hash");
        tree.put("content_hash", ArtifactCodec.contentHash(tree));
    }
}
