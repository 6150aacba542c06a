package io.crosstrust.deploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.events.output.Severity;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.clickhouse.ClickHouseQuery;
import io.crosstrust.sinks.clickhouse.ClickHouseServerExtension;
import io.crosstrust.sinks.sharing.SharingInstaller;
import io.crosstrust.sinks.sharing.SharingSpec;
import io.crosstrust.sinks.sharing.SharingTier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live warning page in Debian's headless Chromium, driven over the DevTools protocol (no
 * Playwright here): the page follows the stream with a severity filter, a warning committed to
 * risk.warnings shows up as a row within 2 s, one of another severity does not, and a click on the
 * row shows the explanation and the evidence trade events read from ClickHouse.
 */
class LiveWarningsBrowserITCase {
    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedKafkaBroker kafka;
    static CreditApi api;
    static Process browser;
    static Path profile;
    static final String KEY = ApiKeys.newKey();

    @BeforeAll
    static void start() throws Exception {
        // deploy/bin/setup (run by ./crosstrust test and CI) installs it: a missing browser fails
        assertThat(Files.isExecutable(CHROMIUM))
                .as("/usr/bin/chromium (installed by deploy/bin/setup chromium)")
                .isTrue();
        ClickHouseConnection admin = CLICKHOUSE.createSchema("crosstrust");
        new ClickHouseQuery(admin)
                .execute(
                        "INSERT INTO crosstrust.trade_events (event_id, subject_id, type, removed,"
                                + " detail) VALUES ('ev-w-crit', 'B000001', 'PAYMENT_MISSED', 0,"
                                + " 'invoice 77 unpaid')");
        new ClickHouseQuery(admin)
                .execute(
                        "INSERT INTO crosstrust.risk_warnings (event_id, entity_id, type,"
                                + " severity, status, explanation, evidence_event_ids) VALUES"
                                + " ('w-crit', 'B000001', 'PAYMENT_OVERDUE', 'CRITICAL', 'RAISED',"
                                + " 'explained w-crit', ['ev-w-crit'])");
        SharingSpec spec = SharingSpec.standard("crosstrust");
        Map<SharingTier, String> passwords = new EnumMap<>(SharingTier.class);
        for (SharingTier t : SharingTier.values()) {
            passwords.put(t, ApiKeys.newKey());
        }
        Map<SharingTier, ClickHouseConnection> tiers =
                SharingInstaller.installLegacy(
                        spec,
                        admin,
                        CLICKHOUSE.server().workDir().resolve("users.d"),
                        passwords,
                        Duration.ofSeconds(30));
        kafka = EmbeddedKafkaBroker.start();
        try (TopicAdmin topics = new TopicAdmin(kafka.bootstrapServers())) {
            topics.ensure(Topics.all(2), (short) 1);
        }
        api =
                CreditApi.start(
                        spec,
                        tiers,
                        ApiKeys.parse(
                                List.of(ApiKeys.line("reg", SharingTier.REGULATOR, null, KEY))),
                        100,
                        WarningStream.start(kafka.bootstrapServers()),
                        0);
        profile = Files.createTempDirectory("crosstrust-chromium");
        browser =
                new ProcessBuilder(
                                CHROMIUM.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--no-first-run",
                                "--remote-debugging-port=0",
                                "--user-data-dir=" + profile,
                                "about:blank")
                        .redirectErrorStream(true)
                        .redirectOutput(profile.resolve("chromium.log").toFile())
                        .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.descendants().forEach(ProcessHandle::destroy);
            browser.destroy();
            browser.waitFor(10, TimeUnit.SECONDS);
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        if (api != null) {
            api.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A minimal DevTools protocol client: one page, request/response by id. */
    static final class DevTools implements WebSocket.Listener {
        final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        final AtomicInteger ids = new AtomicInteger();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static DevTools connect(Path profile) throws Exception {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
                assertThat(System.nanoTime()).as("chromium started").isLessThan(deadline);
                Thread.sleep(100);
            }
            String port = Files.readAllLines(portFile).get(0).strip();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets =
                    JSON.readTree(
                            http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(
                                                                    "http://127.0.0.1:"
                                                                            + port
                                                                            + "/json/list"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body());
            String ws = null;
            for (JsonNode t : targets) {
                if (t.get("type").asText().equals("page")) {
                    ws = t.get("webSocketDebuggerUrl").asText();
                }
            }
            assertThat(ws).as("a page target").isNotNull();
            DevTools d = new DevTools();
            d.socket =
                    http.newWebSocketBuilder()
                            .buildAsync(URI.create(ws), d)
                            .get(10, TimeUnit.SECONDS);
            return d;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode msg = JSON.createObjectNode();
            msg.put("id", id);
            msg.put("method", method);
            msg.set("params", JSON.valueToTree(params));
            socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
            return answer.get(20, TimeUnit.SECONDS);
        }

        String eval(String expression) throws Exception {
            JsonNode r =
                    call(
                            "Runtime.evaluate",
                            Map.of("expression", expression, "returnByValue", true));
            return r.path("result").path("result").path("value").asText();
        }

        String await(String expression, Predicate<String> ok, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            String v = eval(expression);
            while (!ok.test(v) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                v = eval(expression);
            }
            return v;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(partial.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    }
                } catch (Exception e) {
                    // not ours to handle: events we did not subscribe to
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    @Test
    void theBrowserShowsNewWarningsFilteredAndTheirEvidenceOneClickAway() throws Exception {
        DevTools page = DevTools.connect(profile);
        page.call(
                "Page.navigate",
                Map.of("url", api.url() + "/live#key=" + KEY + "&severity=CRITICAL"));
        assertThat(
                        page.await(
                                "document.getElementById('state') ? document.getElementById('state').textContent : ''",
                                "following"::equals,
                                Duration.ofSeconds(15)))
                .isEqualTo("following");

        LiveWarningsITCase.kafkaBootstrap = kafka.bootstrapServers();
        LiveWarningsITCase.publish(
                LiveWarningsITCase.warning("w-high", Severity.HIGH), true, "browser-it-1");
        long sent = System.nanoTime();
        LiveWarningsITCase.publish(
                LiveWarningsITCase.warning("w-crit", Severity.CRITICAL), true, "browser-it-2");
        String rows =
                page.await(
                        "Array.from(document.querySelectorAll('#warnings tr')).map(r => r.dataset.id).join(',')",
                        v -> !v.isEmpty(),
                        Duration.ofSeconds(3));
        assertThat(System.nanoTime() - sent).isLessThan(TimeUnit.SECONDS.toNanos(2));
        assertThat(rows).isEqualTo("w-crit");

        page.eval("document.querySelector('#warnings tr').click()");
        String detail =
                page.await(
                        "document.getElementById('detail').textContent",
                        v -> v.contains("evidence ("),
                        Duration.ofSeconds(5));
        assertThat(detail)
                .contains("explained w-crit")
                .contains("evidence (200)")
                .contains("ev-w-crit")
                .contains("invoice 77 unpaid");
    }
}
