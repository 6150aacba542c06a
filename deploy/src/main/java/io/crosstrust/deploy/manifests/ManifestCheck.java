package io.crosstrust.deploy.manifests;

import io.crosstrust.ingest.chain.ChainListenerOptions;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.jobs.config.JobConfiguration;
import io.crosstrust.jobs.kafka.KafkaConnectors;
import io.crosstrust.jobs.network.NetworkOptions;
import io.crosstrust.jobs.oracle.OracleJob;
import io.crosstrust.jobs.scoring.CreditRiskJob;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import io.crosstrust.sinks.oracle.OracleSinkOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Checks the production manifests under {@code deploy/k8s} and the single-host stack under {@code
 * deploy/compose} against each other and against the code, so that a manifest that would fail at
 * deploy time fails the build instead:
 *
 * <ul>
 *   <li>every file parses; every Kubernetes document has apiVersion, kind and metadata.name;
 *   <li>every image is pinned (a tag that is not {@code latest}, or a digest);
 *   <li>every Secret / ConfigMap a manifest refers to exists (with the key referred to); Secrets
 *       are templates with empty values; no secret-looking environment variable is set inline;
 *   <li>each FlinkDeployment: Flink 2.2, savepoint upgrades, exactly-once checkpoints with storage,
 *       Kubernetes HA, the Prometheus reporter; its entry class exists with a {@code main}; its
 *       args and config file hold only that job's options with values that parse, and every option
 *       the job needs is set; topics it names exist; the checkpoint interval agrees with the
 *       cluster's;
 *   <li>Kafka: KRaft, 3 brokers, replication factor 3, min ISR 2; one KafkaTopic per topic of
 *       {@link Topics} with the code's configs (and nothing stale);
 *   <li>ClickHouse: the generated replicated + distributed schema is what {@link
 *       ClickHouseClusterSchema} makes of the current DDL; Keeper has an odd quorum;
 *   <li>Besu: the genesis has a QBFT config and as many validators in its extraData as the
 *       validator StatefulSet has replicas, which is 4, each with a key entry in the Secret;
 *   <li>compose: the same for its services, job submissions and topic script.
 * </ul>
 *
 * {@link #run} returns every problem found (empty when all is well), each naming the file and what
 * to fix.
 */
public final class ManifestCheck {
    /** The jobs a manifest may start, with the options each accepts. */
    static final Map<String, List<ConfigOption<?>>> JOBS =
            Map.of(
                    "io.crosstrust.jobs.tradeflow.TradeFlowJob", TradeFlowOptions.ALL,
                    "io.crosstrust.jobs.scoring.CreditRiskJob", CreditRiskJob.OPTIONS,
                    "io.crosstrust.jobs.network.NetworkJob", NetworkOptions.ALL,
                    "io.crosstrust.jobs.oracle.OracleJob", OracleJob.OPTIONS);

    static final String FLINK_VERSION = "v2_2";
    static final int BESU_VALIDATORS = 4;
    static final int KAFKA_BROKERS = 3;

    private static final Pattern SECRET_ENV =
            Pattern.compile(".*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY|ORACLE_KEY|ACCESS_KEY_ID)$");
    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?s)CREATE TABLE IF NOT EXISTS (\\w+)\\.(\\w+)(.*)");

    private final Path root;
    private final List<String> problems = new ArrayList<>();
    private final List<Doc> docs = new ArrayList<>();
    private final Map<String, Map<String, Object>> secrets = new HashMap<>();
    private final Map<String, Map<String, Object>> configMaps = new HashMap<>();
    private final Set<String> kafkaTopics = new java.util.TreeSet<>();

    /** One YAML document of a file. */
    record Doc(Path file, int index, Map<String, Object> body) {
        String kind() {
            return str(body.get("kind"));
        }

        String name() {
            return str(get(body, "metadata", "name"));
        }

        String where() {
            return file.getFileName()
                    + (index > 0 ? " (document " + (index + 1) + ")" : "")
                    + (name() == null ? "" : ": " + kind() + " " + name());
        }
    }

    private ManifestCheck(Path root) {
        this.root = root;
    }

    /**
     * Checks the manifests of the repository at {@code root}.
     *
     * @return every problem found, each a sentence naming the file and what is wrong
     */
    public static List<String> run(Path root) {
        ManifestCheck check = new ManifestCheck(root);
        check.checkAll();
        return List.copyOf(check.problems);
    }

    private void checkAll() {
        Path k8s = root.resolve("deploy/k8s");
        if (!Files.isDirectory(k8s)) {
            problem("deploy/k8s: no such directory");
            return;
        }
        try (Stream<Path> files = Files.walk(k8s)) {
            files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .forEach(this::load);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Doc doc : docs) {
            for (String field : List.of("apiVersion", "kind")) {
                if (str(doc.body().get(field)) == null) {
                    problem(doc.where() + ": missing " + field);
                }
            }
            if (doc.name() == null) {
                problem(doc.where() + ": missing metadata.name");
            }
            if ("Secret".equals(doc.kind())) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.putAll(map(doc.body().get("data")));
                values.putAll(map(doc.body().get("stringData")));
                secrets.put(doc.name(), values);
                values.forEach(
                        (k, v) -> {
                            if (v != null && !String.valueOf(v).isEmpty()) {
                                problem(
                                        doc.where()
                                                + ": key "
                                                + k
                                                + " holds a value; Secrets in git are templates"
                                                + " with empty values (create the real one with"
                                                + " kubectl, docs/operations.md)");
                            }
                        });
            }
            if ("ConfigMap".equals(doc.kind())) {
                configMaps.put(doc.name(), map(doc.body().get("data")));
            }
            if ("KafkaTopic".equals(doc.kind())) {
                Object topicName = get(doc.body(), "spec", "topicName");
                kafkaTopics.add(topicName == null ? doc.name() : str(topicName));
            }
        }
        for (Doc doc : docs) {
            walkImages(doc.where(), doc.body());
            walkReferences(doc.where(), doc.body());
            walkEnv(doc.where(), doc.body());
            switch (String.valueOf(doc.kind())) {
                case "FlinkDeployment" -> checkFlinkDeployment(doc);
                case "ClickHouseInstallation" -> checkClickHouse(doc);
                case "ClickHouseKeeperInstallation" -> checkKeeper(doc);
                default -> {}
            }
        }
        checkKafka();
        checkGeneratedFiles();
        checkClusterSchemaAgainstDdl();
        checkBesu();
        checkCompose();
    }

    // ---- loading and walking

    private void load(Path file) {
        List<Object> loaded = new ArrayList<>();
        try {
            for (Object o :
                    new Load(LoadSettings.builder().build())
                            .loadAllFromString(Files.readString(file))) {
                loaded.add(o);
            }
        } catch (YamlEngineException e) {
            problem(root.relativize(file) + ": not valid YAML: " + firstLine(e.getMessage()));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int index = 0;
        for (Object o : loaded) {
            if (o == null) {
                continue; // an empty document (a leading ---)
            }
            if (!(o instanceof Map<?, ?>)) {
                problem(root.relativize(file) + ": document " + (index + 1) + " is not a map");
            } else {
                docs.add(new Doc(file, index, map(o)));
            }
            index++;
        }
    }

    private void walkImages(String where, Object node) {
        if (node instanceof Map<?, ?> m) {
            m.forEach(
                    (k, v) -> {
                        if ("image".equals(k) && v instanceof String image) {
                            checkImage(where, image);
                        } else {
                            walkImages(where, v);
                        }
                    });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walkImages(where, v));
        }
    }

    void checkImage(String where, String image) {
        if (DIGEST.matcher(image).matches()) {
            return;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash + 1) {
            problem(where + ": image " + image + " has no tag; pin a version (or a digest)");
        } else if (image.substring(colon + 1).equals("latest")) {
            problem(where + ": image " + image + " uses latest; pin a version (or a digest)");
        }
    }

    private void walkReferences(String where, Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> mm = map(m);
            refKey(where, "Secret", secrets, map(mm.get("secretKeyRef")));
            refKey(where, "ConfigMap", configMaps, map(mm.get("configMapKeyRef")));
            if (mm.get("secret") instanceof Map<?, ?> s && s.get("secretName") != null) {
                refName(where, "Secret", secrets, str(s.get("secretName")));
            }
            if (mm.get("configMap") instanceof Map<?, ?> c && c.get("name") != null) {
                refName(where, "ConfigMap", configMaps, str(c.get("name")));
            }
            for (Map.Entry<String, Object> e : mm.entrySet()) {
                if (e.getKey().endsWith("/k8s_secret_password")) {
                    String[] parts = str(e.getValue()).split("/");
                    if (parts.length != 3) {
                        problem(where + ": " + e.getKey() + " must be namespace/secret/key");
                    } else {
                        refKey(where, "Secret", secrets, Map.of("name", parts[1], "key", parts[2]));
                    }
                }
                walkReferences(where, e.getValue());
            }
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walkReferences(where, v));
        }
    }

    private void refName(
            String where, String kind, Map<String, Map<String, Object>> known, String name) {
        if (!known.containsKey(name)) {
            problem(
                    where
                            + ": refers to "
                            + kind
                            + " "
                            + name
                            + ", which no manifest defines (known: "
                            + new java.util.TreeSet<>(known.keySet())
                            + ")");
        }
    }

    private void refKey(
            String where,
            String kind,
            Map<String, Map<String, Object>> known,
            Map<String, Object> ref) {
        if (ref.isEmpty()) {
            return;
        }
        String name = str(ref.get("name"));
        refName(where, kind, known, name);
        if (known.containsKey(name) && !known.get(name).containsKey(str(ref.get("key")))) {
            problem(
                    where
                            + ": refers to key "
                            + ref.get("key")
                            + " of "
                            + kind
                            + " "
                            + name
                            + ", which has only "
                            + known.get(name).keySet());
        }
    }

    private void walkEnv(String where, Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> mm = map(m);
            if (mm.get("env") instanceof List<?> env) {
                for (Object o : env) {
                    Map<String, Object> e = map(o);
                    String name = str(e.get("name"));
                    if (name != null
                            && SECRET_ENV.matcher(name).matches()
                            && e.containsKey("value")) {
                        problem(
                                where
                                        + ": env "
                                        + name
                                        + " is set inline; secrets come from"
                                        + " valueFrom.secretKeyRef");
                    }
                }
            }
            mm.values().forEach(v -> walkEnv(where, v));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walkEnv(where, v));
        }
    }

    // ---- Flink

    private void checkFlinkDeployment(Doc doc) {
        String where = doc.where();
        Map<String, Object> spec = map(doc.body().get("spec"));
        require(where, spec, "image", "serviceAccount");
        if (!FLINK_VERSION.equals(str(spec.get("flinkVersion")))) {
            problem(
                    where
                            + ": flinkVersion is "
                            + spec.get("flinkVersion")
                            + ", expected "
                            + FLINK_VERSION
                            + " (the jobs are built against Flink 2.2)");
        }
        for (String part : List.of("jobManager", "taskManager")) {
            if (get(spec, part, "resource") == null) {
                problem(where + ": missing spec." + part + ".resource (memory, cpu)");
            }
        }
        Map<String, Object> flink = map(spec.get("flinkConfiguration"));
        Duration clusterInterval = null;
        if (flink.get("execution.checkpointing.interval") == null) {
            problem(where + ": flinkConfiguration lacks execution.checkpointing.interval");
        } else {
            try {
                clusterInterval =
                        TimeUtils.parseDuration(str(flink.get("execution.checkpointing.interval")));
            } catch (IllegalArgumentException e) {
                problem(where + ": execution.checkpointing.interval: " + e.getMessage());
            }
        }
        expect(where, flink, "execution.checkpointing.mode", "EXACTLY_ONCE");
        String entry = str(get(spec, "job", "entryClass"));
        if (clusterInterval != null && entry != null && !entry.equals(OracleJob.class.getName())) {
            // a Kafka sink transaction lives from one checkpoint to the commit after the next
            Duration timeout =
                    flink.get("execution.checkpointing.timeout") == null
                            ? Duration.ofMinutes(10) // Flink's default
                            : TimeUtils.parseDuration(
                                    str(flink.get("execution.checkpointing.timeout")));
            Duration transaction =
                    Duration.ofMillis(Long.parseLong(KafkaConnectors.TRANSACTION_TIMEOUT_MS));
            if (clusterInterval.plus(timeout).compareTo(transaction) >= 0) {
                problem(
                        where
                                + ": execution.checkpointing.interval + .timeout ("
                                + TimeUtils.formatWithHighestUnit(clusterInterval.plus(timeout))
                                + ") must stay under the Kafka sinks' transaction.timeout.ms ("
                                + TimeUtils.formatWithHighestUnit(transaction)
                                + "), or a slow checkpoint gets its transactions aborted");
            }
        }
        expect(where, flink, "high-availability.type", "kubernetes");
        expect(
                where,
                flink,
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        for (String key :
                List.of(
                        "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir",
                        "high-availability.storageDir")) {
            if (str(flink.get(key)) == null || str(flink.get(key)).isBlank()) {
                problem(where + ": flinkConfiguration lacks " + key);
            }
        }

        Map<String, Object> job = map(spec.get("job"));
        require(where, job, "jarURI", "entryClass");
        if (!"savepoint".equals(str(job.get("upgradeMode")))) {
            problem(
                    where
                            + ": job.upgradeMode is "
                            + job.get("upgradeMode")
                            + ", expected savepoint (state must survive upgrades)");
        }
        if (!(job.get("parallelism") instanceof Integer p) || p < 1) {
            problem(where + ": job.parallelism must be a positive number");
        }
        String entryClass = str(job.get("entryClass"));
        if (entryClass == null) {
            return;
        }
        List<String> args = new ArrayList<>();
        if (job.get("args") instanceof List<?> l) {
            l.forEach(a -> args.add(String.valueOf(a)));
        }
        Map<String, Object> container = mainContainer(spec);
        Map<String, String> env = new HashMap<>();
        Set<String> secretEnv = new java.util.HashSet<>();
        for (Object o : list(container.get("env"))) {
            Map<String, Object> e = map(o);
            String name = str(e.get("name"));
            if (e.get("value") != null) {
                env.put(name, str(e.get("value")));
            }
            Map<String, Object> from = map(e.get("valueFrom"));
            if (!map(from.get("secretKeyRef")).isEmpty()) {
                secretEnv.add(name);
            }
            Map<String, Object> cmRef = map(from.get("configMapKeyRef"));
            if (!cmRef.isEmpty()) {
                // set at deploy time (templates may hold ""): counts as set, checked when filled
                Object value =
                        map(configMaps.get(str(cmRef.get("name")))).get(str(cmRef.get("key")));
                env.put(name, value == null || str(value).isBlank() ? "(deploy-time)" : str(value));
            }
        }
        volumeConfigMaps.clear();
        Map<String, String> secretMounts = new LinkedHashMap<>();
        Map<String, Map<String, Object>> volumes = new HashMap<>();
        for (Object o : list(get(spec, "podTemplate", "spec", "volumes"))) {
            volumes.put(str(map(o).get("name")), map(o));
        }
        for (Object o : list(container.get("volumeMounts"))) {
            Map<String, Object> m = map(o);
            Map<String, Object> volume = volumes.get(str(m.get("name")));
            if (volume == null) {
                problem(where + ": volumeMount " + m.get("name") + " has no volume");
                continue;
            }
            String mountPath = str(m.get("mountPath"));
            if (volume.get("configMap") != null) {
                volumeConfigMaps.put(mountPath, str(map(volume.get("configMap")).get("name")));
            }
            if (volume.get("secret") != null) {
                secretMounts.put(mountPath, str(map(volume.get("secret")).get("secretName")));
            }
        }
        checkJob(
                where,
                entryClass,
                args,
                env,
                secretEnv,
                secretEnv,
                secretMounts,
                path -> configMapFile(where, path),
                clusterInterval,
                genesisChainId());
    }

    private final Map<String, String> volumeConfigMaps = new HashMap<>();

    /** The text of a file inside a mounted ConfigMap, or null (with a problem) when absent. */
    private String configMapFile(String where, String path) {
        for (Map.Entry<String, String> m : volumeConfigMaps.entrySet()) {
            String dir = m.getKey().endsWith("/") ? m.getKey() : m.getKey() + "/";
            if (path.startsWith(dir)) {
                String key = path.substring(dir.length());
                Object text = map(configMaps.get(m.getValue())).get(key);
                if (text == null) {
                    problem(
                            where
                                    + ": --config "
                                    + path
                                    + ": ConfigMap "
                                    + m.getValue()
                                    + " has no key "
                                    + key);
                }
                return text == null ? null : str(text);
            }
        }
        problem(where + ": --config " + path + " is not inside a mounted ConfigMap");
        return null;
    }

    /**
     * A job's submission: the class, its args resolved as the job itself would (flags, the
     * environment the container sets, the config file), the options it needs, its secrets.
     */
    private void checkJob(
            String where,
            String entryClass,
            List<String> args,
            Map<String, String> env,
            Set<String> mainSecrets,
            Set<String> writerSecrets,
            Map<String, String> secretMounts,
            java.util.function.Function<String, String> configFileText,
            Duration clusterInterval,
            Long chainId) {
        checkEntryClass(where, entryClass);
        List<ConfigOption<?>> options = JOBS.get(entryClass);
        if (options == null) {
            problem(where + ": " + entryClass + " is not one of the jobs " + JOBS.keySet());
            return;
        }
        List<String> resolvedArgs = new ArrayList<>(args);
        Path temp = null;
        try {
            int config = resolvedArgs.indexOf("--config");
            if (config >= 0 && config + 1 < resolvedArgs.size()) {
                String path = resolvedArgs.get(config + 1);
                String text = configFileText.apply(path);
                if (text == null) {
                    return;
                }
                String name = Path.of(path).getFileName().toString();
                temp = Files.createTempFile("manifest-check", "-" + name);
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                resolvedArgs.set(config + 1, temp.toString());
            }
            JobConfiguration resolved;
            try {
                resolved =
                        JobConfiguration.resolve(resolvedArgs.toArray(String[]::new), env, options);
            } catch (IllegalArgumentException e) {
                problem(
                        where
                                + ": args of "
                                + simpleName(entryClass)
                                + ": "
                                + e.getMessage().replace(String.valueOf(temp), "(config file)"));
                return;
            }
            checkJobOptions(
                    where,
                    entryClass,
                    resolved.conf(),
                    options,
                    mainSecrets,
                    writerSecrets,
                    secretMounts);
            if (chainId != null
                    && options.contains(OracleSinkOptions.CHAIN_ID)
                    && resolved.conf().getOptional(OracleSinkOptions.CHAIN_ID).isPresent()
                    && !chainId.equals(resolved.conf().get(OracleSinkOptions.CHAIN_ID))) {
                problem(
                        where
                                + ": crosstrust.oracle.chain-id "
                                + resolved.conf().get(OracleSinkOptions.CHAIN_ID)
                                + " is not the Besu genesis chainId "
                                + chainId);
            }
            if (clusterInterval != null
                    && !clusterInterval.equals(
                            resolved.conf().get(TradeFlowOptions.CHECKPOINT_INTERVAL))) {
                problem(
                        where
                                + ": the job's crosstrust.checkpoint.interval ("
                                + TimeUtils.formatWithHighestUnit(
                                        resolved.conf().get(TradeFlowOptions.CHECKPOINT_INTERVAL))
                                + ") differs from execution.checkpointing.interval ("
                                + TimeUtils.formatWithHighestUnit(clusterInterval)
                                + "); the job's wins, so keep them equal");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private void checkJobOptions(
            String where,
            String entryClass,
            Configuration conf,
            List<ConfigOption<?>> options,
            Set<String> mainSecrets,
            Set<String> writerSecrets,
            Map<String, String> secretMounts) {
        String job = simpleName(entryClass);
        needs(where, job, conf, TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS);
        if (options.contains(TradeFlowOptions.CLICKHOUSE_URL)) {
            needs(where, job, conf, TradeFlowOptions.CLICKHOUSE_URL);
            if (!mainSecrets.contains(TradeFlowOptions.CLICKHOUSE_PASSWORD_ENV)) {
                problem(
                        where
                                + ": "
                                + job
                                + " writes to ClickHouse but "
                                + TradeFlowOptions.CLICKHOUSE_PASSWORD_ENV
                                + " is not given to its main (a secretKeyRef, or the shell in"
                                + " compose)");
            }
        }
        if (options.contains(TradeFlowOptions.SOURCE_TOPICS)) {
            for (String topic : conf.get(TradeFlowOptions.SOURCE_TOPICS)) {
                if (!kafkaTopics.contains(topic)) {
                    problem(
                            where
                                    + ": "
                                    + job
                                    + " reads topic "
                                    + topic
                                    + ", which has no KafkaTopic");
                }
            }
        }
        if (options.contains(OracleSinkOptions.RPC_URL)) {
            needs(where, job, conf, OracleSinkOptions.RPC_URL);
            needs(where, job, conf, OracleSinkOptions.CONTRACT);
            if (conf.getOptional(OracleSinkOptions.CHAIN_ID).isEmpty()) {
                problem(where + ": " + job + " needs crosstrust.oracle.chain-id");
            }
            if (conf.getOptional(OracleSinkOptions.KEYSTORE).isPresent()) {
                for (ConfigOption<String> file :
                        List.of(
                                OracleSinkOptions.KEYSTORE,
                                OracleSinkOptions.KEYSTORE_PASSWORD_FILE)) {
                    String path = conf.getOptional(file).orElse("");
                    String parent =
                            Path.of(path).getParent() == null
                                    ? ""
                                    : Path.of(path).getParent().toString();
                    String secret = secretMounts.get(parent);
                    if (secret == null) {
                        problem(
                                where
                                        + ": "
                                        + file.key()
                                        + " "
                                        + path
                                        + " is not in a mounted Secret");
                    } else if (secrets.containsKey(secret)
                            && !secrets.get(secret)
                                    .containsKey(Path.of(path).getFileName().toString())) {
                        problem(
                                where
                                        + ": "
                                        + file.key()
                                        + " "
                                        + path
                                        + ": Secret "
                                        + secret
                                        + " has no key "
                                        + Path.of(path).getFileName());
                    }
                }
            } else if (!writerSecrets.contains(conf.get(OracleSinkOptions.KEY_ENV))) {
                problem(
                        where
                                + ": "
                                + job
                                + " has no keystore and its key variable "
                                + conf.get(OracleSinkOptions.KEY_ENV)
                                + " is not given to the TaskManagers (a secretKeyRef, or the"
                                + " shell in compose)");
            }
        }
    }

    private void needs(String where, String job, Configuration conf, ConfigOption<String> o) {
        if (conf.getOptional(o).filter(v -> !v.isBlank()).isEmpty()) {
            problem(where + ": " + job + " needs " + o.key() + " (" + o.description() + ")");
        }
    }

    private void checkEntryClass(String where, String entryClass) {
        try {
            Class<?> c = Class.forName(entryClass, false, ManifestCheck.class.getClassLoader());
            Method main = c.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers())) {
                problem(where + ": " + entryClass + ".main is not static");
            }
        } catch (ClassNotFoundException e) {
            problem(where + ": entry class " + entryClass + " is not on the class path");
        } catch (NoSuchMethodException e) {
            problem(where + ": entry class " + entryClass + " has no main(String[])");
        }
    }

    private static Map<String, Object> mainContainer(Map<String, Object> spec) {
        for (Object o : list(get(spec, "podTemplate", "spec", "containers"))) {
            if ("flink-main-container".equals(map(o).get("name"))) {
                return map(o);
            }
        }
        return Map.of();
    }

    // ---- Kafka

    private void checkKafka() {
        List<Doc> clusters = ofKind("Kafka");
        if (clusters.size() != 1) {
            problem("deploy/k8s: expected one Kafka (Strimzi), found " + clusters.size());
            return;
        }
        Doc kafka = clusters.get(0);
        String where = kafka.where();
        Map<String, Object> annotations = map(get(kafka.body(), "metadata", "annotations"));
        for (String a : List.of("strimzi.io/kraft", "strimzi.io/node-pools")) {
            if (!"enabled".equals(str(annotations.get(a)))) {
                problem(where + ": annotation " + a + ": enabled is required (KRaft, node pools)");
            }
        }
        if (str(get(kafka.body(), "spec", "kafka", "version")) == null) {
            problem(where + ": spec.kafka.version is required (it pins the broker image)");
        }
        Map<String, Object> config = map(get(kafka.body(), "spec", "kafka", "config"));
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("default.replication.factor", 3);
        expected.put("min.insync.replicas", 2);
        expected.put("offsets.topic.replication.factor", 3);
        expected.put("transaction.state.log.replication.factor", 3);
        expected.put("transaction.state.log.min.isr", 2);
        expected.forEach(
                (k, v) -> {
                    if (!String.valueOf(v).equals(str(config.get(k)))) {
                        problem(where + ": spec.kafka.config." + k + " must be " + v);
                    }
                });
        int brokers = 0;
        for (Doc pool : ofKind("KafkaNodePool")) {
            if (!kafka.name()
                    .equals(str(get(pool.body(), "metadata", "labels", "strimzi.io/cluster")))) {
                problem(pool.where() + ": label strimzi.io/cluster must be " + kafka.name());
                continue;
            }
            List<Object> roles = list(get(pool.body(), "spec", "roles"));
            Object replicas = get(pool.body(), "spec", "replicas");
            int n = replicas instanceof Integer i ? i : 0;
            if (roles.contains("broker")) {
                brokers += n;
            }
            if (roles.contains("controller") && (n < 3 || n % 2 == 0)) {
                problem(pool.where() + ": a KRaft controller quorum needs an odd count >= 3");
            }
        }
        if (brokers != KAFKA_BROKERS) {
            problem(
                    where
                            + ": "
                            + brokers
                            + " brokers in its node pools, expected "
                            + KAFKA_BROKERS);
        }

        Map<String, Doc> topics = new TreeMap<>();
        for (Doc t : ofKind("KafkaTopic")) {
            String name = str(get(t.body(), "spec", "topicName"));
            topics.put(name == null ? t.name() : name, t);
            if (!kafka.name()
                    .equals(str(get(t.body(), "metadata", "labels", "strimzi.io/cluster")))) {
                problem(t.where() + ": label strimzi.io/cluster must be " + kafka.name());
            }
            if (!Integer.valueOf(3).equals(get(t.body(), "spec", "replicas"))) {
                problem(t.where() + ": replicas must be 3");
            }
            Object minIsr = get(t.body(), "spec", "config", "min.insync.replicas");
            if (minIsr != null && !"2".equals(str(minIsr))) {
                problem(t.where() + ": min.insync.replicas must be 2");
            }
        }
        checkTopicsAgainstCode(
                "deploy/k8s/kafka",
                topics.keySet(),
                name -> map(get(topics.get(name).body(), "spec", "config")),
                name -> get(topics.get(name).body(), "spec", "partitions"));
    }

    /** The topics of the code: Topics.all plus the chain listener's state topic. */
    static Map<String, Topics.Spec> codeTopics(int partitions) {
        Map<String, Topics.Spec> specs = new TreeMap<>();
        for (Topics.Spec s : Topics.all(partitions)) {
            specs.put(s.name(), s);
        }
        specs.put(
                ChainListenerOptions.STATE_TOPIC,
                new Topics.Spec(
                        ChainListenerOptions.STATE_TOPIC,
                        1,
                        Map.of(
                                "cleanup.policy",
                                "compact",
                                "message.timestamp.type",
                                "LogAppendTime")));
        return specs;
    }

    private void checkTopicsAgainstCode(
            String where,
            Set<String> present,
            java.util.function.Function<String, Map<String, Object>> configOf,
            java.util.function.Function<String, Object> partitionsOf) {
        Map<String, Topics.Spec> one = codeTopics(2);
        Map<String, Topics.Spec> other = codeTopics(3);
        for (Topics.Spec spec : one.values()) {
            if (!present.contains(spec.name())) {
                problem(where + ": topic " + spec.name() + " of the code has no definition");
                continue;
            }
            Map<String, Object> config = configOf.apply(spec.name());
            Map<String, String> wanted = new TreeMap<>(spec.configs());
            wanted.putIfAbsent("cleanup.policy", "delete");
            wanted.forEach(
                    (k, v) -> {
                        Object actual = config.get(k);
                        boolean defaultDelete = k.equals("cleanup.policy") && actual == null;
                        if (!(defaultDelete && v.equals("delete"))
                                && !v.equals(actual == null ? null : str(actual))) {
                            problem(
                                    where
                                            + ": topic "
                                            + spec.name()
                                            + " has "
                                            + k
                                            + "="
                                            + actual
                                            + ", the code (Topics.java) wants "
                                            + v);
                        }
                    });
            boolean fixed = spec.partitions() == other.get(spec.name()).partitions();
            Object partitions = partitionsOf.apply(spec.name());
            if (fixed && !String.valueOf(spec.partitions()).equals(String.valueOf(partitions))) {
                problem(
                        where
                                + ": topic "
                                + spec.name()
                                + " has "
                                + partitions
                                + " partitions; the code wants exactly "
                                + spec.partitions());
            }
        }
        for (String name : present) {
            if (!one.containsKey(name)) {
                problem(where + ": topic " + name + " is not a topic of the code (stale?)");
            }
        }
    }

    // ---- ClickHouse

    private void checkClickHouse(Doc doc) {
        if (list(get(doc.body(), "spec", "configuration", "zookeeper", "nodes")).isEmpty()) {
            problem(doc.where() + ": replicated tables need Keeper: configuration.zookeeper.nodes");
        }
        List<Object> clusters = list(get(doc.body(), "spec", "configuration", "clusters"));
        if (clusters.isEmpty()) {
            problem(doc.where() + ": no cluster layout");
        }
        for (Object c : clusters) {
            Object replicas = get(map(c), "layout", "replicasCount");
            if (!(replicas instanceof Integer r) || r < 2) {
                problem(doc.where() + ": cluster " + map(c).get("name") + " needs >= 2 replicas");
            }
        }
    }

    private void checkKeeper(Doc doc) {
        for (Object c : list(get(doc.body(), "spec", "configuration", "clusters"))) {
            Object replicas = get(map(c), "layout", "replicasCount");
            if (!(replicas instanceof Integer r) || r < 3 || r % 2 == 0) {
                problem(doc.where() + ": Keeper needs an odd quorum of >= 3 replicas");
            }
        }
    }

    private void checkGeneratedFiles() {
        for (Map.Entry<String, String> file : ClickHouseClusterSchema.generatedFiles().entrySet()) {
            Path path = root.resolve(file.getKey());
            String actual;
            try {
                actual = Files.isRegularFile(path) ? Files.readString(path) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!file.getValue().equals(actual)) {
                problem(
                        file.getKey()
                                + " is not what ClickHouseClusterSchema generates from"
                                + " sinks/src/main/resources/clickhouse/ddl; regenerate it:"
                                + " java -cp <deploy classpath>"
                                + " io.crosstrust.deploy.manifests.ClickHouseClusterSchema ."
                                + " (docs/operations.md)");
            }
        }
    }

    /**
     * Independently of the generator: every table of the DDL has a replicated local table with the
     * same column definitions and a Distributed table over it in the checked-in cluster schema.
     */
    private void checkClusterSchemaAgainstDdl() {
        Object sql =
                map(configMaps.get(ClickHouseClusterSchema.CONFIG_MAP))
                        .get(ClickHouseClusterSchema.CONFIG_MAP_KEY);
        if (sql == null) {
            problem(
                    "deploy/k8s: no ConfigMap "
                            + ClickHouseClusterSchema.CONFIG_MAP
                            + " with "
                            + ClickHouseClusterSchema.CONFIG_MAP_KEY);
            return;
        }
        Map<String, String> cluster = tables(List.of(str(sql).split(";")));
        Map<String, String> single =
                tables(
                        io.crosstrust.sinks.clickhouse.ClickHouseSchema.statements(
                                ClickHouseClusterSchema.DATABASE));
        for (Map.Entry<String, String> t : single.entrySet()) {
            String local = cluster.get(t.getKey() + "_local");
            String distributed = cluster.get(t.getKey());
            String where = "deploy/k8s/clickhouse/schema.yaml: table " + t.getKey();
            if (local == null || !local.contains("ENGINE = ReplicatedReplacingMergeTree(")) {
                problem(where + "_local (ReplicatedReplacingMergeTree) is missing");
            } else if (!columns(local).equals(columns(t.getValue()))) {
                problem(
                        where
                                + "_local has columns "
                                + columns(local)
                                + " but the DDL has "
                                + columns(t.getValue()));
            }
            if (distributed == null
                    || !distributed.contains("ENGINE = Distributed('{cluster}'")
                    || !distributed.contains("'" + t.getKey() + "_local'")) {
                problem(where + " (Distributed over " + t.getKey() + "_local) is missing");
            }
        }
    }

    private static Map<String, String> tables(List<String> statements) {
        Map<String, String> out = new TreeMap<>();
        for (String s : statements) {
            String stripped =
                    s.lines()
                            .map(String::strip)
                            .filter(l -> !l.startsWith("--"))
                            .reduce("", (a, b) -> a + "\n" + b)
                            .strip();
            Matcher m = CREATE_TABLE.matcher(stripped);
            if (m.matches()) {
                out.put(m.group(2), stripped);
            }
        }
        return out;
    }

    /** The column lines of a CREATE TABLE (or "AS table" when it copies another's). */
    private static List<String> columns(String ddl) {
        int open = ddl.indexOf("\n(");
        int engine = ddl.indexOf("\nENGINE");
        if (open < 0 || open > engine) {
            Matcher as = Pattern.compile("AS \\w+\\.(\\w+?)(_local)?\\s").matcher(ddl);
            return as.find() ? List.of("AS " + as.group(1)) : List.of();
        }
        String body = ddl.substring(open + 2, ddl.lastIndexOf(')', engine));
        return body.lines()
                .map(l -> l.strip().replaceAll(",$", "").replaceAll("\\s+", " "))
                .filter(l -> !l.isEmpty())
                .toList();
    }

    // ---- Besu

    private void checkBesu() {
        Object genesisText = map(configMaps.get("besu-genesis")).get("genesis.json");
        if (genesisText == null) {
            problem("deploy/k8s: no ConfigMap besu-genesis with genesis.json");
            return;
        }
        Map<String, Object> genesis;
        try {
            genesis =
                    map(new Load(LoadSettings.builder().build()).loadFromString(str(genesisText)));
        } catch (YamlEngineException e) {
            problem("besu-genesis genesis.json: not valid JSON: " + firstLine(e.getMessage()));
            return;
        }
        Map<String, Object> qbft = map(get(genesis, "config", "qbft"));
        if (qbft.isEmpty()) {
            problem("besu-genesis genesis.json: config.qbft is missing (QBFT consensus)");
        }
        for (String k : List.of("blockperiodseconds", "epochlength", "requesttimeoutseconds")) {
            if (!qbft.isEmpty() && qbft.get(k) == null) {
                problem("besu-genesis genesis.json: config.qbft." + k + " is missing");
            }
        }
        int validators;
        try {
            validators = QbftExtraData.validators(str(genesis.get("extraData"))).size();
        } catch (IllegalArgumentException e) {
            problem("besu-genesis genesis.json: extraData: " + e.getMessage());
            return;
        }
        if (validators != BESU_VALIDATORS) {
            problem(
                    "besu-genesis genesis.json: extraData lists "
                            + validators
                            + " validators, expected "
                            + BESU_VALIDATORS);
        }
        List<Doc> sets =
                ofKind("StatefulSet").stream()
                        .filter(d -> "besu-validator".equals(d.name()))
                        .toList();
        if (sets.size() != 1) {
            problem("deploy/k8s: expected one StatefulSet besu-validator, found " + sets.size());
            return;
        }
        Object replicas = get(sets.get(0).body(), "spec", "replicas");
        if (!Integer.valueOf(validators).equals(replicas)) {
            problem(
                    sets.get(0).where()
                            + ": "
                            + replicas
                            + " replicas but the genesis has "
                            + validators
                            + " validators");
        }
        Map<String, Object> keys = secrets.getOrDefault("besu-validator-keys", Map.of());
        for (int i = 0; replicas instanceof Integer n && i < n; i++) {
            if (!keys.containsKey("validator-" + i + ".key")) {
                problem("Secret besu-validator-keys: no key validator-" + i + ".key");
            }
        }
    }

    /** The Besu genesis' chain id, or null when there is no readable genesis. */
    private Long genesisChainId() {
        Object text = map(configMaps.get("besu-genesis")).get("genesis.json");
        try {
            Object id =
                    text == null
                            ? null
                            : get(
                                    map(
                                            new Load(LoadSettings.builder().build())
                                                    .loadFromString(str(text))),
                                    "config",
                                    "chainId");
            return id instanceof Number n ? n.longValue() : null;
        } catch (YamlEngineException e) {
            return null; // reported by checkBesu
        }
    }

    // ---- compose

    private void checkCompose() {
        Path file = root.resolve("deploy/compose/docker-compose.yaml");
        if (!Files.isRegularFile(file)) {
            problem("deploy/compose/docker-compose.yaml: missing");
            return;
        }
        Map<String, Object> compose;
        try {
            compose =
                    map(
                            new Load(LoadSettings.builder().build())
                                    .loadFromString(Files.readString(file)));
        } catch (YamlEngineException e) {
            problem(
                    "deploy/compose/docker-compose.yaml: not valid YAML: "
                            + firstLine(e.getMessage()));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> services = map(compose.get("services"));
        if (services.isEmpty()) {
            problem("docker-compose.yaml: no services");
        }
        for (Map.Entry<String, Object> e : services.entrySet()) {
            String where = "docker-compose.yaml: service " + e.getKey();
            Map<String, Object> service = map(e.getValue());
            if (service.get("image") == null) {
                problem(where + ": no image (give built images a pinned name:tag too)");
            } else {
                checkImage(where, str(service.get("image")));
            }
            Object depends = service.get("depends_on");
            Iterable<?> names = depends instanceof Map<?, ?> m ? m.keySet() : list(depends);
            for (Object d : names) {
                if (!services.containsKey(str(d))) {
                    problem(where + ": depends_on " + d + ", which is not a service");
                }
            }
            Map<String, String> env = new HashMap<>();
            map(service.get("environment"))
                    .forEach(
                            (k, v) -> {
                                String value = str(v);
                                if (SECRET_ENV.matcher(k).matches()
                                        && value != null
                                        && !value.startsWith("${")) {
                                    problem(
                                            where
                                                    + ": "
                                                    + k
                                                    + " is set inline; take it from the shell"
                                                    + " (${"
                                                    + k
                                                    + "})");
                                }
                                env.put(
                                        k,
                                        value != null && value.startsWith("${")
                                                ? "(from shell)"
                                                : value);
                            });
            Map<String, Path> binds = new LinkedHashMap<>();
            for (Object v : list(service.get("volumes"))) {
                String[] parts = str(v).split(":");
                if (parts[0].startsWith("./") || parts[0].startsWith("../")) {
                    Path local = file.getParent().resolve(parts[0]).normalize();
                    if (!Files.exists(local)) {
                        problem(where + ": volume " + parts[0] + " does not exist");
                    }
                    binds.put(parts[1], local);
                }
            }
            List<Object> command = list(service.get("command"));
            if (command.size() > 1
                    && "flink".equals(command.get(0))
                    && "run".equals(command.get(1))) {
                checkComposeSubmission(where, command, env, binds, services);
            }
        }
        checkComposeTopics();
    }

    private void checkComposeSubmission(
            String where,
            List<Object> command,
            Map<String, String> env,
            Map<String, Path> binds,
            Map<String, Object> services) {
        List<String> words = command.stream().map(String::valueOf).toList();
        int c = words.indexOf("-c");
        if (c < 0 || c + 2 >= words.size()) {
            problem(where + ": flink run needs -c <entry class> <jar>");
            return;
        }
        String entryClass = words.get(c + 1);
        List<String> args = words.subList(c + 3, words.size());
        // main (which reads the ClickHouse password) runs in this service, the `flink run` client;
        // the sinks (the oracle sink reads its key) run on the TaskManager
        Set<String> mainSecrets = shellVariables(map(services.get(serviceName(where))));
        Set<String> writerSecrets = shellVariables(map(services.get("taskmanager")));
        checkJob(
                where,
                entryClass,
                args,
                env,
                mainSecrets,
                writerSecrets,
                Map.of(),
                path -> {
                    for (Map.Entry<String, Path> b : binds.entrySet()) {
                        if (path.startsWith(b.getKey() + "/")) {
                            Path local =
                                    b.getValue().resolve(path.substring(b.getKey().length() + 1));
                            try {
                                if (Files.isRegularFile(local)) {
                                    return Files.readString(local);
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            problem(
                                    where
                                            + ": --config "
                                            + path
                                            + ": "
                                            + local
                                            + " does not exist");
                            return null;
                        }
                    }
                    problem(where + ": --config " + path + " is not in a mounted directory");
                    return null;
                },
                null,
                null);
    }

    private static Set<String> shellVariables(Map<String, Object> service) {
        Set<String> out = new java.util.HashSet<>();
        map(service.get("environment"))
                .forEach(
                        (k, v) -> {
                            if (str(v) != null && str(v).startsWith("${")) {
                                out.add(k);
                            }
                        });
        return out;
    }

    private static String serviceName(String where) {
        return where.substring(where.lastIndexOf("service ") + "service ".length());
    }

    private void checkComposeTopics() {
        Path script = root.resolve("deploy/compose/create-topics.sh");
        List<String> lines;
        try {
            lines = Files.isRegularFile(script) ? Files.readAllLines(script) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, Object>> configs = new TreeMap<>();
        Map<String, Object> partitions = new HashMap<>();
        for (String line : lines) {
            List<String> words = List.of(line.strip().split("\\s+"));
            int t = words.indexOf("--topic");
            if (t < 0 || t + 1 >= words.size()) {
                continue;
            }
            String topic = words.get(t + 1);
            Map<String, Object> config = new TreeMap<>();
            for (int i = 0; i + 1 < words.size(); i++) {
                if (words.get(i).equals("--config")) {
                    String[] kv = words.get(i + 1).split("=", 2);
                    config.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                if (words.get(i).equals("--partitions")) {
                    partitions.put(topic, words.get(i + 1));
                }
            }
            configs.put(topic, config);
        }
        checkTopicsAgainstCode(
                "deploy/compose/create-topics.sh", configs.keySet(), configs::get, partitions::get);
    }

    // ---- helpers

    private List<Doc> ofKind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.kind())).toList();
    }

    private void require(String where, Map<String, Object> node, String... fields) {
        for (String f : fields) {
            if (str(node.get(f)) == null || str(node.get(f)).isBlank()) {
                problem(where + ": missing " + f);
            }
        }
    }

    private void expect(String where, Map<String, Object> node, String key, String value) {
        if (!value.equals(str(node.get(key)))) {
            problem(where + ": " + key + " is " + node.get(key) + ", expected " + value);
        }
    }

    private void problem(String message) {
        problems.add(message);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    static Object get(Map<String, Object> node, String... path) {
        Object current = node;
        for (String p : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(p);
        }
        return current;
    }

    /** Runs the check on the repository at the argument (default: here); exit 1 on problems. */
    public static void main(String[] args) {
        List<String> found = run(Path.of(args.length > 0 ? args[0] : "."));
        found.forEach(System.out::println);
        System.out.println(found.isEmpty() ? "manifests OK" : found.size() + " problem(s)");
        System.exit(found.isEmpty() ? 0 : 1);
    }
}
