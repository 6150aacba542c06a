package io.crosstrust.deploy.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.ingest.local.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks carry no outputs: no cell output, no execution count, nothing a run left
 * behind (clear them with {@code jupyter nbconvert --clear-output --inplace notebooks/*.ipynb}). So
 * diffs show code changes only and no data from anyone's run lands in the repository.
 */
class NotebooksStrippedTest {
    static final List<String> EXPECTED =
            List.of(
                    "regional_network.ipynb",
                    "retrain_credit_model.ipynb",
                    "warnings_review.ipynb");

    @Test
    void everyCommittedNotebookIsStrippedOfOutputs() throws Exception {
        Path dir = ProjectRoot.find().resolve("notebooks");
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(dir)) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertThat(notebooks.stream().map(p -> p.getFileName().toString())).containsAll(EXPECTED);
        ObjectMapper json = new ObjectMapper();
        for (Path nb : notebooks) {
            JsonNode root = json.readTree(nb.toFile());
            assertThat(root.get("nbformat").asInt()).as(nb + " nbformat").isEqualTo(4);
            assertThat(root.at("/metadata/kernelspec/name").asText())
                    .as(nb + " kernel")
                    .isEqualTo("python3");
            assertThat(root.at("/metadata/widgets").isMissingNode())
                    .as(nb + " widget state")
                    .isTrue();
            int code = 0;
            for (JsonNode cell : root.get("cells")) {
                String where = nb.getFileName() + " cell " + cell.get("source");
                if (cell.get("cell_type").asText().equals("code")) {
                    code++;
                    assertThat(cell.get("outputs")).as(where + " outputs").isEmpty();
                    assertThat(cell.get("execution_count").isNull())
                            .as(where + " execution_count")
                            .isTrue();
                } else {
                    assertThat(cell.has("outputs")).as(where).isFalse();
                    assertThat(cell.has("attachments")).as(where + " attachments").isFalse();
                }
                assertThat(cell.path("metadata").has("execution"))
                        .as(where + " execution timing")
                        .isFalse();
            }
            assertThat(code).as(nb + " code cells").isGreaterThan(0);
        }
    }
}
