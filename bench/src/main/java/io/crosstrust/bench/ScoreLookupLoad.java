package io.crosstrust.bench;

import io.crosstrust.deploy.cli.JsonSummary;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load process of {@link ScoreLookupBench}: N threads each looking up random entities ({@code
 * E0..E<n-1>}) back to back for a warm-up then a measured period, through the API ({@code api}) or
 * straight to ClickHouse ({@code clickhouse}). Prints one JSON line: lookups/s, p50/p99 latency,
 * errors (any non-200 or failure).
 */
public final class ScoreLookupLoad {
    static final String CREDENTIAL_ENV = "CROSSTRUST_BENCH_CREDENTIAL";
    private static final int WARMUP_SECONDS = 3;

    private ScoreLookupLoad() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String table = args[2];
        int entities = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        String credential = System.getenv(CREDENTIAL_ENV);
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        ClickHouseQuery ch = null;
        if (mode.equals("clickhouse")) {
            int colon = credential.indexOf(':');
            String db = table.substring(0, table.indexOf('.'));
            ch =
                    new ClickHouseQuery(
                            ClickHouseConnection.of(
                                    url,
                                    credential.substring(0, colon),
                                    credential.substring(colon + 1),
                                    db));
        }
        final ClickHouseQuery direct = ch;
        long start = System.nanoTime();
        long measureFrom = start + WARMUP_SECONDS * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        long[] errors = new long[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int me = t;
            latencies[t] = new long[1 << 16];
            workers[t] =
                    new Thread(
                            () -> {
                                ThreadLocalRandom random = ThreadLocalRandom.current();
                                while (true) {
                                    long t0 = System.nanoTime();
                                    if (t0 >= end) {
                                        return;
                                    }
                                    String id = "E" + random.nextInt(entities);
                                    boolean ok;
                                    try {
                                        if (direct != null) {
                                            ok =
                                                    direct.select(
                                                                            "SELECT * FROM "
                                                                                    + table
                                                                                    + " FINAL WHERE entity_id = {id:String}",
                                                                            Map.of("id", id))
                                                                    .size()
                                                            == 1;
                                        } else {
                                            HttpResponse<byte[]> r =
                                                    http.send(
                                                            HttpRequest.newBuilder(
                                                                            URI.create(
                                                                                    url
                                                                                            + "/v1/scores/"
                                                                                            + id))
                                                                    .header("X-Api-Key", credential)
                                                                    .build(),
                                                            HttpResponse.BodyHandlers
                                                                    .ofByteArray());
                                            ok = r.statusCode() == 200;
                                        }
                                    } catch (Exception e) {
                                        ok = false;
                                    }
                                    long t1 = System.nanoTime();
                                    if (t0 >= measureFrom) {
                                        if (!ok) {
                                            errors[me]++;
                                        }
                                        if (counts[me] == latencies[me].length) {
                                            latencies[me] =
                                                    Arrays.copyOf(latencies[me], counts[me] * 2);
                                        }
                                        latencies[me][counts[me]++] = t1 - t0;
                                    }
                                }
                            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        System.out.println(
                new JsonSummary()
                        .put("mode", mode)
                        .put("requests", total)
                        .put("errors", Arrays.stream(errors).sum())
                        .put("per_s", Math.round(total / (double) seconds))
                        .put("p50_ms", percentile(all, 0.50))
                        .put("p99_ms", percentile(all, 0.99))
                        .toJson());
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return Math.round(sorted[Math.max(0, i)] / 1e4) / 100.0;
    }
}
