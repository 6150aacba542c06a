package io.crosstrust.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A configuration file of crosstrust: {@code .properties}, or {@code .yaml}/{@code .yml} (nested
 * maps are flattened with dots, so {@code crosstrust: {kafka: {bootstrap-servers: k:9092}}} and
 * {@code crosstrust.kafka.bootstrap-servers: k:9092} are the same key; a YAML list becomes Flink's
 * list form {@code a;b}). Every key must be one of the caller's known keys: a typo fails with the
 * list of valid ones instead of passing silently. Shared by the jobs ({@link JobConfiguration}) and
 * the local stack's {@code StackSettings}, which resolve file, environment and flags the same way:
 * see {@link #pick}.
 */
public final class ConfigFile {
    private ConfigFile() {}

    /**
     * The file's keys and values.
     *
     * @param flag how the user named the file (e.g. {@code --config}), for messages
     * @throws IllegalArgumentException when the file is missing, unreadable, malformed or holds a
     *     key not in {@code knownKeys}
     */
    public static Map<String, String> read(Path file, Set<String> knownKeys, String flag) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(flag + " " + file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Map<String, String> values;
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                values = readYaml(file, flag);
            } else {
                values = readProperties(file);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    flag + " " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        for (String key : values.keySet()) {
            if (!knownKeys.contains(key)) {
                throw new IllegalArgumentException(
                        flag
                                + " "
                                + file
                                + ": unknown key '"
                                + key
                                + "' (known: "
                                + String.join(", ", new TreeSet<>(knownKeys))
                                + ")");
            }
        }
        return values;
    }

    /** The first value that is set and not blank, stripped; null when none is. */
    public static String pick(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            values.put(key, props.getProperty(key));
        }
        return values;
    }

    private static Map<String, String> readYaml(Path file, String flag) throws IOException {
        Object root;
        try {
            root = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(
                    flag + " " + file + ": not valid YAML (" + e.getMessage() + ")", e);
        }
        Map<String, String> values = new TreeMap<>();
        if (root == null) {
            return values;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    flag + " " + file + ": expected a YAML map of keys to values");
        }
        flatten("", map, values, file, flag);
        return values;
    }

    private static void flatten(
            String prefix, Map<?, ?> map, Map<String, String> out, Path file, String flag) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out, file, flag);
            } else if (value instanceof List<?> list) {
                out.put(key, list.stream().map(String::valueOf).collect(Collectors.joining(";")));
            } else if (value == null) {
                throw new IllegalArgumentException(
                        flag + " " + file + ": key '" + key + "' has no value");
            } else {
                out.put(key, String.valueOf(value));
            }
        }
    }
}
