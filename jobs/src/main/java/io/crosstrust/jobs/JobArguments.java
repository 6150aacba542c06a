package io.crosstrust.jobs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Parses a job's {@code --key value} arguments into a Flink Configuration, accepting only the job's
 * own options so that a typo fails at submission with the list of valid keys.
 */
public final class JobArguments {
    private JobArguments() {}

    /**
     * A string option that must be set and not blank.
     *
     * @throws IllegalArgumentException naming the option and what it is for
     */
    public static String required(ReadableConfig conf, ConfigOption<String> option) {
        return conf.getOptional(option)
                .filter(v -> !v.isBlank())
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "missing --" + option.key() + ": " + option.description()));
    }

    public static Configuration parse(String[] args, List<ConfigOption<?>> options) {
        Map<String, ConfigOption<?>> known =
                options.stream()
                        .collect(
                                Collectors.toMap(
                                        ConfigOption::key, o -> o, (a, b) -> a, TreeMap::new));
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + arg + "': options look like --key value");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException(
                        "unknown option --"
                                + key
                                + "; known: "
                                + String.join(", ", known.keySet()));
            }
            values.put(key, value);
        }
        Configuration conf = Configuration.fromMap(values);
        for (ConfigOption<?> option : options) {
            try {
                conf.getOptional(option); // parse now: a bad duration or number fails here, named
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--"
                                + option.key()
                                + " '"
                                + values.get(option.key())
                                + "': "
                                + e.getMessage(),
                        e);
            }
        }
        return conf;
    }
}
