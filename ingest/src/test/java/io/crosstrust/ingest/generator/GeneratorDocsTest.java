package io.crosstrust.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/generator.md documents every parameter with its current default. */
class GeneratorDocsTest {

    @Test
    void everyParameterIsDocumentedWithItsDefault() throws IOException {
        Path doc = Path.of(System.getProperty("basedir", ".")).resolve("../docs/generator.md");
        assertThat(doc).exists();
        // first cell `key` -> the other cells
        Map<String, List<String>> rows = new HashMap<>();
        for (String line : Files.readAllLines(doc)) {
            String[] cells = line.split("\\|");
            if (cells.length >= 4 && cells[1].trim().matches("`[A-Za-z.]+`")) {
                List<String> rest =
                        java.util.Arrays.stream(cells)
                                .skip(2)
                                .map(c -> c.trim().replace("`", ""))
                                .toList();
                rows.put(cells[1].trim().replace("`", ""), rest);
            }
        }
        for (TradeWorldOption<?> option : TradeWorldConfig.options()) {
            String documented = documentedDefault(rows, option);
            assertThat(documented)
                    .as("%s documented in %s", option.key(), doc)
                    .isEqualTo(option.defaultText());
        }
    }

    /** Scalar options have a row of their own; behaviour rates sit in the profile matrix. */
    private static String documentedDefault(
            Map<String, List<String>> rows, TradeWorldOption<?> option) {
        for (Profile p : Profile.values()) {
            for (BehaviourRate r : BehaviourRate.values()) {
                if (TradeWorldConfig.behaviourOption(p, r) == option) {
                    List<String> row = rows.get(r.key());
                    return row == null ? null : row.get(p.ordinal());
                }
            }
        }
        List<String> row = rows.get(option.key());
        return row == null ? null : row.get(0);
    }
}
