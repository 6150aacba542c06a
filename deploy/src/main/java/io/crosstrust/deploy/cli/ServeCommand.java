package io.crosstrust.deploy.cli;

import io.crosstrust.deploy.api.ApiKeys;
import io.crosstrust.deploy.api.CreditApi;
import io.crosstrust.deploy.api.SharingSetup;
import io.crosstrust.deploy.api.WarningStream;
import io.crosstrust.ingest.local.ProjectRoot;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.sharing.SharingSpec;
import io.crosstrust.sinks.sharing.SharingTier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crosstrust serve}: the credit data query API (and live warning page) on its own, beside a
 * running stack. Reads the tier credentials and the hashed API keys a {@code crosstrust run} wrote
 * into its work dir (or files given), and the stack's Kafka from its endpoints file.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Serves the credit data query API (tiers: docs/sharing.md), its OpenAPI description"
                        + " at /openapi.json and the live warning page at /live, over the ClickHouse"
                        + " and Kafka of a running `./crosstrust run` unless told otherwise. Ctrl-C stops.")
final class ServeCommand implements Callable<Integer> {
    static final double DEFAULT_RATE = 50;

    @Spec CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8090",
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: a free one).")
    int port;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description =
                    "Work dir of the running stack (default: .crosstrust/run in the project).")
    Path runDir;

    @Option(
            names = "--tiers",
            paramLabel = "FILE",
            description = "Tier credentials (default: <run-dir>/sharing/tiers.properties).")
    Path tiersFile;

    @Option(
            names = "--api-keys",
            paramLabel = "FILE",
            description =
                    "Hashed API keys, env CROSSTRUST_API_KEYS (default:"
                            + " <run-dir>/sharing/api-keys.hashed).")
    Path keysFile;

    @Option(
            names = "--kafka",
            description =
                    "Kafka bootstrap servers for the live warnings (default: the run's endpoints"
                            + " file; none: no live feed).")
    String kafka;

    @Option(
            names = "--rate",
            defaultValue = "50",
            description = "Requests per second per API key (default: ${DEFAULT-VALUE}).")
    double rate;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = runDir != null ? runDir : ProjectRoot.find().resolve(".crosstrust/run");
        Path sharing = dir.resolve("sharing");
        Path tiers = tiersFile != null ? tiersFile : sharing.resolve(SharingSetup.TIERS_FILE);
        String envKeys = System.getenv("CROSSTRUST_API_KEYS");
        Path keys =
                keysFile != null
                        ? keysFile
                        : envKeys != null && !envKeys.isBlank()
                                ? Path.of(envKeys)
                                : sharing.resolve(SharingSetup.KEYS_FILE);
        if (!Files.isRegularFile(tiers)) {
            throw new IllegalArgumentException(
                    "no tier credentials at "
                            + tiers
                            + ": start ./crosstrust run first or give --tiers");
        }
        SharingSpec sharingSpec = SharingSpec.standard("crosstrust");
        Map<SharingTier, ClickHouseConnection> connections =
                SharingSetup.readTiers(tiers, sharingSpec);
        ApiKeys apiKeys = ApiKeys.load(keys);
        String bootstrap = kafka != null ? kafka : runKafka(dir);
        WarningStream stream = bootstrap == null ? null : WarningStream.start(bootstrap);
        CountDownLatch stop = new CountDownLatch(1);
        try (CreditApi api =
                CreditApi.start(sharingSpec, connections, apiKeys, rate, stream, port)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(stop::countDown, "crosstrust-serve-stop"));
            out.println(
                    "crosstrust serve: "
                            + api.url()
                            + " ("
                            + apiKeys.size()
                            + " API keys; live warnings: "
                            + (stream == null ? "off" : "on")
                            + "; /openapi.json, /live). Ctrl-C stops.");
            out.flush();
            stop.await();
        }
        return 0;
    }

    private static String runKafka(Path dir) throws java.io.IOException {
        Path endpoints = dir.resolve("endpoints.properties");
        if (!Files.isRegularFile(endpoints)) {
            return null;
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(endpoints)) {
            p.load(r);
        }
        return p.getProperty("kafka");
    }
}
