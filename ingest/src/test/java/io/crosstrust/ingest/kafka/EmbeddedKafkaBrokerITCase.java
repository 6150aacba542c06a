package io.crosstrust.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerITCase {

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.ensure(Topics.all(2), (short) 1);
            admin.ensure(Topics.all(2), (short) 1); // idempotent

            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-tx");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(Topics.TRADE_EVENTS, "k", "committed"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(Topics.TRADE_EVENTS, "k", "aborted"));
                producer.abortTransaction();
            }

            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "it");
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.TRADE_EVENTS));
                long deadline = System.currentTimeMillis() + 20_000;
                while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
                consumer.commitSync();
            }
            assertThat(seen).containsExactly("committed");
            assertThat(admin.admin().listTopics().names().get())
                    .containsAll(Topics.all(1).stream().map(Topics.Spec::name).toList());
            assertThat(admin.lag("it", Topics.TRADE_EVENTS)).isZero();
        }
    }

    /**
     * Ensuring topics is idempotent even when someone else creates them meanwhile, or when the
     * broker's metadata does not list a topic just created yet (CI failed on the second of two
     * ensure calls in a row: "Topic 'trade.events' already exists").
     */
    @Test
    void topicsCreatedByAnotherAdminMeanwhileAreNoError() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            for (int round = 0; round < 5; round++) {
                List<Topics.Spec> specs = new ArrayList<>();
                for (Topics.Spec s : Topics.all(2)) {
                    specs.add(new Topics.Spec("r" + round + "." + s.name(), 2, s.configs()));
                }
                List<Future<?>> ensures = new ArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    for (int i = 0; i < 4; i++) {
                        ensures.add(
                                pool.submit(
                                        () -> {
                                            try (TopicAdmin admin =
                                                    new TopicAdmin(broker.bootstrapServers())) {
                                                admin.ensureWithBrokerDefaults(specs);
                                            }
                                        }));
                    }
                    for (Future<?> f : ensures) {
                        f.get(); // rethrows an ensure's failure
                    }
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    /** Topics created with the broker's defaults get its replication factor (1 here). */
    @Test
    void brokerDefaultsDecideTheReplication() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.ensureWithBrokerDefaults(Topics.all(2));
            admin.ensureWithBrokerDefaults(Topics.all(2)); // idempotent
            var described =
                    admin.admin()
                            .describeTopics(List.of(Topics.TRADE_EVENTS, Topics.DEAD_LETTERS))
                            .allTopicNames()
                            .get();
            assertThat(described.get(Topics.TRADE_EVENTS).partitions()).hasSize(2);
            assertThat(described.get(Topics.DEAD_LETTERS).partitions()).hasSize(1);
            assertThat(described.values())
                    .allSatisfy(
                            t ->
                                    assertThat(t.partitions())
                                            .allSatisfy(p -> assertThat(p.replicas()).hasSize(1)));
        }
    }

    /**
     * Replays and backfills carry event times months or years old (the generated world, the 2017
     * ERC-20 transfers). Were those the records' retention clock, the broker would delete them
     * before anyone read them: every topic keeps time by log-append time instead.
     */
    @Test
    void oldEventTimesDoNotExpireRecordsOnArrival() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.ensure(Topics.all(1), (short) 1);
            for (Topics.Spec spec : Topics.all(1)) {
                assertThat(spec.configs())
                        .as(spec.name())
                        .containsEntry("message.timestamp.type", "LogAppendTime");
            }
            long twoYearsAgo = System.currentTimeMillis() - Duration.ofDays(730).toMillis();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(
                                new ProducerRecord<>(
                                        Topics.TRADE_EVENTS, null, twoYearsAgo, "k", "old"))
                        .get();
            }
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-old");
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.TRADE_EVENTS));
                long deadline = System.currentTimeMillis() + 20_000;
                while (seen.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                }
            }
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(seen.get(0).timestamp()).isGreaterThan(twoYearsAgo);
        }
    }
}
