package io.crosstrust.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.deploy.api.ApiKeys;
import io.crosstrust.deploy.api.CreditApi;
import io.crosstrust.deploy.cli.JsonSummary;
import io.crosstrust.ingest.local.ProjectRoot;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseSchema;
import io.crosstrust.sinks.clickhouse.LocalClickHouseServer;
import io.crosstrust.sinks.sharing.SharingInstaller;
import io.crosstrust.sinks.sharing.SharingSpec;
import io.crosstrust.sinks.sharing.SharingTier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Score lookups per second and latency percentiles of the query API ({@code GET /v1/scores/{id}},
 * financial-institution tier) under concurrent load from a second process on loopback, beside the
 * limit: the same lookup sent by the same load process straight to ClickHouse (HTTP, as the tier's
 * user, same FINAL query, parameters as external data). The API server and a local ClickHouse 18.16
 * run in this process; {@link ScoreLookupLoad} is the load process.
 */
@Command(
        name = "score-lookup",
        mixinStandardHelpOptions = true,
        description =
                "Query API score lookups/s and p50/p99 latency under concurrent load from a second"
                        + " process, beside the same lookup sent straight to ClickHouse.")
public final class ScoreLookupBench implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--entities",
            defaultValue = "100000",
            description = "Scored entities loaded (default: ${DEFAULT-VALUE}).")
    int entities;

    @Option(
            names = "--threads",
            defaultValue = "16",
            description = "Concurrent clients in the load process (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--seconds",
            defaultValue = "20",
            description =
                    "Measured seconds per target, after 3 s warm-up (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (entities < 1 || threads < 1 || seconds < 1) {
            throw new IllegalArgumentException("--entities, --threads, --seconds must be >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = ProjectRoot.find().resolve(".crosstrust/bench-score-lookup");
        try (LocalClickHouseServer server =
                LocalClickHouseServer.start(dir.resolve("clickhouse"), "")) {
            ClickHouseConnection admin = server.connection("crosstrust");
            ClickHouseSchema.apply(admin);
            SharingSpec sharing = SharingSpec.standard("crosstrust");
            Map<SharingTier, String> passwords = new EnumMap<>(SharingTier.class);
            for (SharingTier t : SharingTier.values()) {
                passwords.put(t, ApiKeys.newKey());
            }
            Map<SharingTier, ClickHouseConnection> tiers =
                    SharingInstaller.installLegacy(
                            sharing,
                            admin,
                            server.workDir().resolve("users.d"),
                            passwords,
                            Duration.ofSeconds(30));
            new ClickHouseQuery(admin)
                    .execute(
                            "INSERT INTO crosstrust.credit_scores_latest (event_id, entity_id,"
                                    + " grade, composite, pd, recommended_limit, limit_currency,"
                                    + " score_version) SELECT concat('E', toString(number), ':1'),"
                                    + " concat('E', toString(number)), 'BBB', 70, 0.02, 1000, 'USD',"
                                    + " 1 FROM system.numbers LIMIT "
                                    + entities); // a checked int option: LIMIT takes no parameter
            out.printf(
                    "loaded %,d scores; %d clients for %d s per target%n",
                    entities, threads, seconds);
            String key = ApiKeys.newKey();
            try (CreditApi api =
                    CreditApi.start(
                            sharing,
                            tiers,
                            ApiKeys.parse(
                                    List.of(
                                            ApiKeys.line(
                                                    "bench",
                                                    SharingTier.FINANCIAL_INSTITUTION,
                                                    null,
                                                    key))),
                            1e9,
                            null,
                            0)) {
                ClickHouseConnection fi = tiers.get(SharingTier.FINANCIAL_INSTITUTION);
                JsonNode direct =
                        load(
                                "clickhouse",
                                fi.url(),
                                fi.user() + ":" + fi.password(),
                                sharing.table(
                                        SharingTier.FINANCIAL_INSTITUTION, SharingSpec.SCORES));
                JsonNode viaApi = load("api", api.url(), key, "-");
                print(out, "limit: straight to ClickHouse", direct);
                print(out, "query API /v1/scores/{id}", viaApi);
                double ratio = viaApi.get("per_s").asDouble() / direct.get("per_s").asDouble();
                out.printf("ratio api / limit                %10.2f%n", ratio);
                if (json) {
                    out.println(
                            new JsonSummary()
                                    .put("entities", entities)
                                    .put("threads", threads)
                                    .put("seconds", seconds)
                                    .put("api_lookups_per_s", viaApi.get("per_s").asLong())
                                    .put("api_p50_ms", viaApi.get("p50_ms").asDouble())
                                    .put("api_p99_ms", viaApi.get("p99_ms").asDouble())
                                    .put("api_errors", viaApi.get("errors").asLong())
                                    .put("clickhouse_lookups_per_s", direct.get("per_s").asLong())
                                    .put("clickhouse_p50_ms", direct.get("p50_ms").asDouble())
                                    .put("clickhouse_p99_ms", direct.get("p99_ms").asDouble())
                                    .put("ratio", Math.round(ratio * 1000) / 1000.0)
                                    .toJson());
                }
            }
        }
        return 0;
    }

    private static void print(PrintWriter out, String what, JsonNode r) {
        out.printf(
                "%-32s %,10d lookups/s  p50 %7.2f ms  p99 %7.2f ms  errors %d%n",
                what,
                r.get("per_s").asLong(),
                r.get("p50_ms").asDouble(),
                r.get("p99_ms").asDouble(),
                r.get("errors").asLong());
    }

    /** Runs the load process against one target and returns its JSON result line. */
    private JsonNode load(String mode, String url, String credential, String table)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ScoreLookupLoad.class.getName());
        command.addAll(
                List.of(
                        mode,
                        url,
                        table,
                        String.valueOf(entities),
                        String.valueOf(threads),
                        String.valueOf(seconds)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // the credential goes through the environment, not the command line (ps shows that)
        pb.environment().put(ScoreLookupLoad.CREDENTIAL_ENV, credential);
        Process p = pb.start();
        String last = null;
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                last = line;
            }
        }
        int exit = p.waitFor();
        if (exit != 0 || last == null || !last.startsWith("{")) {
            throw new IllegalStateException(
                    "load process (" + mode + ") failed, exit " + exit + ": " + last);
        }
        return new ObjectMapper().readTree(last);
    }
}
