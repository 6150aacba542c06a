package io.crosstrust.ingest.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the pipeline's topics (idempotently) and answers simple questions about them. */
public final class TopicAdmin implements AutoCloseable {
    private final Admin admin;

    public TopicAdmin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.admin = Admin.create(props);
    }

    /**
     * Creates the topics that do not exist yet; leaves existing ones as they are. Their min ISR is
     * the broker's default ({@code min.insync.replicas}).
     */
    public void ensure(Collection<Topics.Spec> specs, short replicationFactor) {
        checkReplicationFactor(replicationFactor);
        create(specs, Optional.of(replicationFactor), Map.of());
    }

    /**
     * Creates the topics that do not exist yet with the cluster's own replication settings (the
     * brokers' {@code default.replication.factor} and {@code min.insync.replicas}): for a cluster
     * someone else runs, whose operators chose them. Leaves existing topics as they are.
     */
    public void ensureWithBrokerDefaults(Collection<Topics.Spec> specs) {
        create(specs, Optional.empty(), Map.of());
    }

    /**
     * Creates the topics that do not exist yet with a replication factor and {@code
     * min.insync.replicas} of their own: with acks=all (idempotent and transactional producers) a
     * write is acknowledged once that many replicas have it, and refused when fewer are in sync.
     * Leaves existing topics as they are.
     */
    public void ensure(
            Collection<Topics.Spec> specs, short replicationFactor, int minInSyncReplicas) {
        if (minInSyncReplicas < 1 || minInSyncReplicas > replicationFactor) {
            throw new IllegalArgumentException(
                    "min.insync.replicas must be between 1 and the replication factor ("
                            + replicationFactor
                            + "), was "
                            + minInSyncReplicas);
        }
        checkReplicationFactor(replicationFactor);
        create(
                specs,
                Optional.of(replicationFactor),
                Map.of("min.insync.replicas", Integer.toString(minInSyncReplicas)));
    }

    private static void checkReplicationFactor(short replicationFactor) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "the replication factor must be at least 1, was " + replicationFactor);
        }
    }

    private void create(
            Collection<Topics.Spec> specs,
            Optional<Short> replicationFactor,
            Map<String, String> extra) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    specs.stream()
                            .filter(s -> !existing.contains(s.name()))
                            .map(
                                    s ->
                                            new NewTopic(
                                                            s.name(),
                                                            Optional.of(s.partitions()),
                                                            replicationFactor)
                                                    .configs(withExtra(s.configs(), extra)))
                            .toList();
            if (missing.isEmpty()) {
                return;
            }
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // created meanwhile by another client, or just now and not yet in the
                    // broker's metadata when listed: there, as wanted
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static Map<String, String> withExtra(
            Map<String, String> configs, Map<String, String> extra) {
        if (extra.isEmpty()) {
            return configs;
        }
        Map<String, String> all = new java.util.HashMap<>(configs);
        all.putAll(extra);
        return all;
    }

    /** Sum of the end offsets of a topic's partitions (records ever appended, incl. markers). */
    public long endOffsetSum(String topic) {
        try {
            TopicDescription description =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic);
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            description
                    .partitions()
                    .forEach(
                            p ->
                                    request.put(
                                            new TopicPartition(topic, p.partition()),
                                            OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(r -> r.offset())
                    .sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read offsets of " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Consumer-group lag over a topic: end offsets minus committed offsets. */
    public long lag(String groupId, String topic) {
        try {
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            TopicDescription description =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic);
            description
                    .partitions()
                    .forEach(
                            p ->
                                    request.put(
                                            new TopicPartition(topic, p.partition()),
                                            OffsetSpec.latest()));
            long lag = 0;
            for (var e : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
                var c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read lag of " + groupId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
