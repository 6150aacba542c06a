package io.crosstrust.ingest.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Records every current schema that is not yet in the history, as {@code <full name>.v<N>.avsc}
 * under {@code ingest/src/main/avro/history/} and in its INDEX.
 *
 * <p>Run after a schema change, once the compatibility test says the change is backward compatible:
 * {@code mvn -pl ingest compile exec:java
 * -Dexec.mainClass=io.crosstrust.ingest.wire.SchemaHistoryTool} (from the project root). Existing
 * history files are never rewritten.
 */
public final class SchemaHistoryTool {
    private SchemaHistoryTool() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "ingest/src/main/avro/history");
        List<String> added = record(dir);
        System.out.println(
                added.isEmpty()
                        ? "history is up to date"
                        : "recorded: " + String.join(", ", added));
    }

    /** Writes the missing current versions into dir; returns the file names it added. */
    public static List<String> record(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path index = dir.resolve("INDEX");
        List<String> lines =
                Files.exists(index)
                        ? new ArrayList<>(Files.readAllLines(index, StandardCharsets.UTF_8))
                        : new ArrayList<>(
                                List.of("# every published schema version, oldest first"));
        Set<Long> known = new HashSet<>();
        for (String line : lines) {
            if (!line.isBlank() && !line.startsWith("#")) {
                known.add(
                        SchemaStore.fingerprint(
                                new Schema.Parser().parse(dir.resolve(line.strip()).toFile())));
            }
        }
        List<String> added = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : EventTypes.ALL) {
            Schema schema = EventTypes.schemaOf(type);
            if (known.contains(SchemaStore.fingerprint(schema))) {
                continue;
            }
            int version = 1;
            while (Files.exists(dir.resolve(fileName(schema, version)))) {
                version++;
            }
            String file = fileName(schema, version);
            Files.writeString(
                    dir.resolve(file), schema.toString(true) + "\n", StandardCharsets.UTF_8);
            lines.add(file);
            added.add(file);
        }
        Files.write(index, lines, StandardCharsets.UTF_8);
        return added;
    }

    static String fileName(Schema schema, int version) {
        return schema.getFullName() + ".v" + version + ".avsc";
    }
}
