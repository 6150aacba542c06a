package io.crosstrust.deploy.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningStatus;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.sharing.SharingSpec;
import io.crosstrust.sinks.sharing.SharingTier;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live warning feed end to end without a browser: a warning committed to risk.warnings reaches
 * an open server-sent-event stream of the API within 2 s, filtered by severity; an aborted one
 * never does; a tier without warnings gets 403, no key 401. The page itself is checked for its
 * parts.
 */
class LiveWarningsITCase {
    static EmbeddedKafkaBroker kafka;
    static String kafkaBootstrap;
    static CreditApi api;
    static String regulatorKey = ApiKeys.newKey();
    static String publicKey = ApiKeys.newKey();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaBroker.start();
        kafkaBootstrap = kafka.bootstrapServers();
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.ensure(Topics.all(2), (short) 1);
        }
        SharingSpec spec = SharingSpec.standard("crosstrust");
        Map<SharingTier, ClickHouseConnection> none = new EnumMap<>(SharingTier.class);
        for (SharingTier t : SharingTier.values()) {
            // the stream never queries ClickHouse: nothing listens here
            none.put(t, ClickHouseConnection.of("http://127.0.0.1:9", "u", "p", spec.database(t)));
        }
        ApiKeys keys =
                ApiKeys.parse(
                        List.of(
                                ApiKeys.line("reg", SharingTier.REGULATOR, null, regulatorKey),
                                ApiKeys.line("pub", SharingTier.PUBLIC, null, publicKey)));
        api =
                CreditApi.start(
                        spec, none, keys, 100, WarningStream.start(kafka.bootstrapServers()), 0);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static RiskWarning warning(String id, Severity severity) {
        return RiskWarning.newBuilder()
                .setEventId(id)
                .setEntityId("B000001")
                .setRegion("CN")
                .setType(WarningType.PAYMENT_OVERDUE)
                .setSeverity(severity)
                .setStatus(WarningStatus.RAISED)
                .setExplanation("explained " + id)
                .setEvidenceEventIds(List.of("ev-" + id))
                .setRuleId("PAYMENT_OVERDUE")
                .setRuleVersion(1)
                .setModelVersion(null)
                .setRaisedAt(Instant.now())
                .setEventTime(Instant.now())
                .build();
    }

    static void publish(RiskWarning w, boolean commit, String txId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(
                    new ProducerRecord<>(
                            Topics.RISK_WARNINGS,
                            w.getEntityId().getBytes(StandardCharsets.UTF_8),
                            EventCodec.standard().encode(w)));
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        }
    }

    /** Opens the stream and feeds its data lines into a queue from a reader thread. */
    static BlockingQueue<String> follow(String query) throws Exception {
        HttpResponse<InputStream> res =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(api.url() + "/v1/warnings/stream?" + query))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    res.body(), StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    if (line.startsWith("data: ")) {
                                        lines.add(line.substring(6));
                                    }
                                }
                            } catch (Exception ignored) {
                                // stream closed at the end of the test
                            }
                        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void aCommittedWarningReachesTheStreamWithin2sFilteredBySeverity() throws Exception {
        BlockingQueue<String> all = follow("key=" + regulatorKey);
        BlockingQueue<String> critical = follow("key=" + regulatorKey + "&severity=CRITICAL");
        publish(warning("aborted-1", Severity.CRITICAL), false, "live-it-abort");
        long sent = System.nanoTime();
        publish(warning("w-high-1", Severity.HIGH), true, "live-it-1");
        String first = all.poll(2, TimeUnit.SECONDS);
        assertThat(System.nanoTime() - sent).isLessThan(TimeUnit.SECONDS.toNanos(2) + 500_000_000L);
        assertThat(first)
                .contains("\"event_id\":\"w-high-1\"")
                .contains("explained w-high-1")
                .contains("ev-w-high-1");
        publish(warning("w-crit-1", Severity.CRITICAL), true, "live-it-2");
        assertThat(critical.poll(2, TimeUnit.SECONDS)).contains("w-crit-1");
        assertThat(all.poll(2, TimeUnit.SECONDS)).contains("w-crit-1");
        assertThat(all).isEmpty();
        assertThat(critical).isEmpty();
    }

    @Test
    void tiersWithoutWarningsAndMissingKeysAreRefused() throws Exception {
        assertThat(
                        HTTP.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                api.url()
                                                                        + "/v1/warnings/stream?key="
                                                                        + publicKey))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                .isEqualTo(403);
        assertThat(
                        HTTP.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                api.url() + "/v1/warnings/stream"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                .isEqualTo(401);
    }

    @Test
    void thePageFollowsTheStreamWithFiltersAndLinksEvidence() throws Exception {
        HttpResponse<String> page =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(api.url() + "/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("new EventSource('/v1/warnings/stream?")
                .contains("id=\"severity\"")
                .contains("id=\"region\"")
                .contains("/evidence");
    }
}
