package io.crosstrust.jobs.config;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

/**
 * A job's effective configuration: its typed options ({@code TradeFlowOptions.ALL}, ...) resolved
 * from, highest precedence first,
 *
 * <ol>
 *   <li>flags: {@code --key value} or {@code --key=value} (what {@code flink run} and a
 *       FlinkDeployment's {@code args} pass);
 *   <li>environment variables: {@code CROSSTRUST_} + the key without its {@code crosstrust.}
 *       prefix, upper case, every other character {@code _}: {@code
 *       crosstrust.kafka.bootstrap-servers} is {@code CROSSTRUST_KAFKA_BOOTSTRAP_SERVERS};
 *   <li>a file named by {@code --config FILE} ({@code .properties} or {@code .yaml}, {@link
 *       ConfigFile});
 *   <li>the options' defaults.
 * </ol>
 *
 * A key that is not one of the job's options fails at once, in a flag or in the file, naming the
 * valid keys; a value that does not parse fails naming where it came from. Other {@code
 * CROSSTRUST_*} variables are ignored (they belong to the launcher or hold secrets). Secrets are
 * never options: they are read from the environment by the code that needs them, and {@link #print}
 * shows only whether they are set.
 */
public final class JobConfiguration {
    /** The flag naming the configuration file. */
    public static final String CONFIG_FLAG = "config";

    public static final String ENV_PREFIX = "CROSSTRUST_";

    /** Keys whose values are masked when printed, whatever they hold. */
    private static final Pattern SECRET_KEY =
            Pattern.compile(".*(password|secret|token|private-key|api-key)$");

    private static final String MASK = "****";

    private final Configuration conf;
    private final List<ConfigOption<?>> options;
    private final Map<String, String> sources;

    private JobConfiguration(
            Configuration conf, List<ConfigOption<?>> options, Map<String, String> sources) {
        this.conf = conf;
        this.options = options;
        this.sources = sources;
    }

    /** A secret the job reads from the environment: what it is and the variable holding it. */
    public record Secret(String what, String envVariable) {}

    /**
     * Resolves {@code options} from the arguments, the environment and the {@code --config} file.
     *
     * @throws IllegalArgumentException with a message that says what to fix
     */
    public static JobConfiguration resolve(
            String[] args, Map<String, String> env, List<ConfigOption<?>> options) {
        Map<String, ConfigOption<?>> known = new TreeMap<>();
        Map<String, String> envNames = new LinkedHashMap<>();
        for (ConfigOption<?> option : options) {
            known.putIfAbsent(option.key(), option);
        }
        for (String key : known.keySet()) {
            String name = envVariable(key);
            String clash = envNames.put(name, key);
            if (clash != null) {
                throw new IllegalStateException(
                        "options " + clash + " and " + key + " map to the same variable " + name);
            }
        }

        Map<String, String> flags = new TreeMap<>();
        String configFile = null;
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
            if (key.equals(CONFIG_FLAG)) {
                configFile = value;
                continue;
            }
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException(
                        "unknown option --"
                                + key
                                + "; known: --"
                                + CONFIG_FLAG
                                + " FILE, "
                                + String.join(", ", known.keySet()));
            }
            flags.put(key, value);
        }

        Map<String, String> file =
                configFile == null
                        ? Map.of()
                        : ConfigFile.read(Path.of(configFile), known.keySet(), "--config");

        Map<String, String> values = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        for (String key : known.keySet()) {
            String envName = envVariable(key);
            if (flags.containsKey(key)) {
                values.put(key, flags.get(key));
                sources.put(key, "--" + key);
            } else if (env.get(envName) != null && !env.get(envName).isBlank()) {
                values.put(key, env.get(envName).strip());
                sources.put(key, envName);
            } else if (file.containsKey(key)) {
                values.put(key, file.get(key));
                sources.put(key, "--config " + configFile);
            }
        }
        Configuration conf = Configuration.fromMap(values);
        for (ConfigOption<?> option : known.values()) {
            try {
                conf.getOptional(option); // parse now: a bad duration or number fails here, named
            } catch (IllegalArgumentException e) {
                String source = sources.get(option.key());
                String where =
                        source.startsWith("--" + option.key())
                                ? source
                                : source + " (" + option.key() + ")";
                throw new IllegalArgumentException(
                        where + " '" + values.get(option.key()) + "': " + e.getMessage(), e);
            }
        }
        return new JobConfiguration(conf, List.copyOf(known.values()), sources);
    }

    /** The environment variable an option key is read from. */
    public static String envVariable(String key) {
        String rest = key.startsWith("crosstrust.") ? key.substring("crosstrust.".length()) : key;
        return ENV_PREFIX + rest.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The resolved options, for the job's {@code wire(...)}. */
    public Configuration conf() {
        return conf;
    }

    /** Where an option's value came from: the flag, the variable, the file, or "default". */
    public String source(ConfigOption<?> option) {
        return sources.getOrDefault(option.key(), "default");
    }

    /**
     * The effective configuration, one line per option ({@code key = value (source)}) and one per
     * secret ({@code set} or {@code not set}, never its value); values of keys that look secret and
     * passwords inside URLs are masked.
     */
    public List<String> describe(String job, List<Secret> secrets, Map<String, String> env) {
        List<String> lines = new ArrayList<>();
        lines.add(
                job
                        + ": effective configuration (flags > CROSSTRUST_* environment > --config file > defaults)");
        for (ConfigOption<?> option : options) {
            Object value = conf.get(option); // the default when unset
            String shown = value == null ? "(unset)" : mask(option.key(), format(value));
            lines.add("  " + option.key() + " = " + shown + "  (" + source(option) + ")");
        }
        for (Secret secret : secrets) {
            String v = env.get(secret.envVariable());
            boolean set = v != null && !v.isEmpty();
            lines.add(
                    "  "
                            + secret.what()
                            + " = "
                            + (set ? MASK : "(not set)")
                            + "  ("
                            + secret.envVariable()
                            + ")");
        }
        return lines;
    }

    /** Prints {@link #describe} to {@code out}, for the job's start-up. */
    public void print(PrintStream out, String job, List<Secret> secrets, Map<String, String> env) {
        describe(job, secrets, env).forEach(out::println);
        out.flush();
    }

    private static String format(Object value) {
        return value instanceof Duration d ? TimeUtils.formatWithHighestUnit(d) : value.toString();
    }

    /** A value as it may be printed: masked for secret-looking keys, URL passwords hidden. */
    static String mask(String key, String value) {
        if (SECRET_KEY.matcher(key).matches()) {
            return MASK;
        }
        return maskUrlPasswords(value);
    }

    private static String maskUrlPasswords(String value) {
        StringBuilder out = new StringBuilder();
        for (String part : value.split(",", -1)) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(maskUrlPassword(part));
        }
        return out.toString();
    }

    private static String maskUrlPassword(String value) {
        if (!value.contains("://") || !value.contains("@")) {
            return value;
        }
        try {
            URI uri = URI.create(value.strip());
            String userInfo = uri.getRawUserInfo();
            if (userInfo == null) {
                return value;
            }
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            return value.replace(userInfo + "@", user + ":" + MASK + "@");
        } catch (IllegalArgumentException e) {
            // not a URL we can read: hide everything before the '@' of the authority
            int scheme = value.indexOf("://");
            int at = value.indexOf('@', scheme);
            return value.substring(0, scheme + 3) + MASK + value.substring(at);
        }
    }
}
