package io.crosstrust.models.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.scoring.CreditModel;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped default artifact is exactly what {@link DefaultModelBuilder} builds. */
class DefaultModelTest {
    @Test
    void theShippedArtifactIsReproducible() throws Exception {
        ModelTrainer.Result rebuilt = DefaultModelBuilder.build();
        ObjectMapper m = new ObjectMapper();
        JsonNode shipped = m.readTree(ArtifactCodec.toJson(CreditModel.builtIn().artifact()));
        JsonNode fresh = m.readTree(ArtifactCodec.toJson(rebuilt.artifact()));
        // bit-identical on the same JVM; allow last-ulp differences of Math.exp across platforms
        assertClose("", shipped, fresh);
        assertThat(rebuilt.cv().aucMean()).isGreaterThan(0.8);
        assertThat(rebuilt.cv().accuracyMean())
                .isGreaterThanOrEqualTo(rebuilt.cv().baselineAccuracyMean());
    }

    private static void assertClose(String path, JsonNode a, JsonNode b) {
        if (path.equals("/content_hash")) {
            return;
        }
        if (a.isNumber() && b.isNumber() && !a.isIntegralNumber()) {
            assertThat(b.doubleValue())
                    .as(path)
                    .isCloseTo(
                            a.doubleValue(),
                            org.assertj.core.data.Offset.offset(
                                    1e-9 * (1 + Math.abs(a.doubleValue()))));
            return;
        }
        if (a.isObject()) {
            assertThat(b.isObject()).as(path).isTrue();
            assertThat(b.size()).as(path).isEqualTo(a.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertThat(b.has(e.getKey())).as(path + "/" + e.getKey()).isTrue();
                assertClose(path + "/" + e.getKey(), e.getValue(), b.get(e.getKey()));
            }
            return;
        }
        if (a.isArray()) {
            assertThat(b.size()).as(path).isEqualTo(a.size());
            for (int i = 0; i < a.size(); i++) {
                assertClose(path + "/" + i, a.get(i), b.get(i));
            }
            return;
        }
        assertThat(b).as(path).isEqualTo(a);
    }
}
