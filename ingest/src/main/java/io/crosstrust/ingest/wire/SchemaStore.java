package io.crosstrust.ingest.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every schema version this project has published, looked up by the 64-bit CRC-64-AVRO fingerprint
 * that Avro's single-object encoding puts in each message.
 *
 * <p>Current versions come from the generated classes ({@link EventTypes#ALL}); earlier versions
 * from {@code avro/history/*.avsc} on the classpath, listed in {@code avro/history/INDEX}. The
 * history is append-only: a schema change adds the new version there (see docs/schemas.md), and
 * {@code SchemaCompatibilityTest} fails when it is missing or when the current schema cannot read
 * an older one.
 *
 * <p>Newer writers: a producer that already writes a newer version of a record is read by this
 * (older) reader as soon as that version's schema is in the store: Avro resolution then drops the
 * fields this reader does not know and fills its own from defaults. The standard store also loads
 * every {@code *.avsc} in the directory named by system property {@code crosstrust.schemas.dir} or
 * environment variable {@code CROSSTRUST_SCHEMAS_DIR}, so a new version can be published to running
 * readers without a new build.
 */
public final class SchemaStore {
    static final String HISTORY_DIR = "avro/history/";

    private final Map<Long, Schema> byFingerprint;
    private final Map<String, List<Schema>> versionsByName;
    private final Map<String, Class<? extends SpecificRecord>> currentByName;

    private SchemaStore(
            Map<Long, Schema> byFingerprint,
            Map<String, List<Schema>> versionsByName,
            Map<String, Class<? extends SpecificRecord>> currentByName) {
        this.byFingerprint = byFingerprint;
        this.versionsByName = versionsByName;
        this.currentByName = currentByName;
    }

    /** The project's store: current schemas plus the recorded history. */
    public static SchemaStore standard() {
        return Holder.STANDARD;
    }

    private static final class Holder {
        static final SchemaStore STANDARD = load(EventTypes.ALL, withExtras(history()));
    }

    private static List<Schema> withExtras(List<Schema> history) {
        String dir =
                System.getProperty(
                        "crosstrust.schemas.dir", System.getenv("CROSSTRUST_SCHEMAS_DIR"));
        if (dir == null || dir.isBlank()) {
            return history;
        }
        List<Schema> all = new ArrayList<>(history);
        all.addAll(fromDirectory(java.nio.file.Path.of(dir)));
        return all;
    }

    /**
     * Every {@code *.avsc} in a directory, each a fully resolved schema (as history/ holds them).
     */
    public static List<Schema> fromDirectory(java.nio.file.Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "schemas dir " + dir + " (CROSSTRUST_SCHEMAS_DIR) is not a directory");
        }
        try (var files = java.nio.file.Files.list(dir)) {
            List<Schema> schemas = new ArrayList<>();
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                try {
                    schemas.add(new Schema.Parser().parse(file.toFile()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            "schema file " + file + " does not parse: " + e.getMessage(), e);
                }
            }
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list schemas dir " + dir, e);
        }
    }

    static SchemaStore load(List<Class<? extends SpecificRecord>> current, List<Schema> history) {
        Map<Long, Schema> byFingerprint = new HashMap<>();
        Map<String, List<Schema>> versions = new LinkedHashMap<>();
        Map<String, Class<? extends SpecificRecord>> currentByName = new LinkedHashMap<>();
        for (Class<? extends SpecificRecord> type : current) {
            Schema schema = EventTypes.schemaOf(type);
            currentByName.put(schema.getFullName(), type);
            add(byFingerprint, versions, schema);
        }
        for (Schema schema : history) {
            add(byFingerprint, versions, schema);
        }
        versions.replaceAll((name, list) -> Collections.unmodifiableList(list));
        return new SchemaStore(
                Map.copyOf(byFingerprint), Collections.unmodifiableMap(versions), currentByName);
    }

    private static void add(
            Map<Long, Schema> byFingerprint, Map<String, List<Schema>> versions, Schema schema) {
        long fp = fingerprint(schema);
        if (byFingerprint.putIfAbsent(fp, schema) == null) {
            versions.computeIfAbsent(schema.getFullName(), n -> new ArrayList<>()).add(schema);
        }
    }

    /** The fingerprint single-object encoding uses: CRC-64-AVRO of the parsing canonical form. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The writer schema with this fingerprint, or null when this project never published it. */
    public Schema find(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** Every known version of a record, current one included. */
    public List<Schema> versions(String fullName) {
        return versionsByName.getOrDefault(fullName, List.of());
    }

    /** The generated class that reads records of this name now, or null. */
    public Class<? extends SpecificRecord> currentClass(String fullName) {
        return currentByName.get(fullName);
    }

    /** The schemas recorded under avro/history, in INDEX order. */
    public static List<Schema> history() {
        List<Schema> schemas = new ArrayList<>();
        for (String file : historyFiles()) {
            try (InputStream in = resource(HISTORY_DIR + file)) {
                schemas.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema history file " + file, e);
            }
        }
        return schemas;
    }

    static List<String> historyFiles() {
        List<String> files = new ArrayList<>();
        try (InputStream in = resource(HISTORY_DIR + "INDEX");
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    files.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HISTORY_DIR + "INDEX", e);
        }
        return files;
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = SchemaStore.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing classpath resource " + path);
        }
        return in;
    }
}
