package io.crosstrust.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.ingest.local.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in manifests pass {@link ManifestCheck}, and the check catches what it claims to:
 * each negative case breaks one thing in a copy of the manifests and expects the message that names
 * it.
 */
class ManifestCheckTest {
    @TempDir Path copy;

    @BeforeEach
    void copyManifests() throws IOException {
        Path root = ProjectRoot.find();
        for (String dir : List.of("deploy/k8s", "deploy/compose")) {
            Path from = root.resolve(dir);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path p : files.toList()) {
                    Path to = copy.resolve(dir).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
        }
    }

    @Test
    void theCheckedInManifestsPass() {
        assertThat(ManifestCheck.run(ProjectRoot.find())).isEmpty();
        assertThat(ManifestCheck.run(copy)).isEmpty();
    }

    @Test
    void unpinnedImagesAreRejected() throws IOException {
        edit(
                "deploy/k8s/besu/validators.yaml",
                "hyperledger/besu:25.7.0",
                "hyperledger/besu:latest");
        edit("deploy/k8s/besu/validators.yaml", "busybox:1.36.1", "busybox");
        edit(
                "deploy/compose/docker-compose.yaml",
                "clickhouse/clickhouse-server:25.8",
                "clickhouse/clickhouse-server");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.contains("image hyperledger/besu:latest uses latest"))
                .anyMatch(p -> p.contains("image busybox has no tag"))
                .anyMatch(
                        p ->
                                p.contains("service clickhouse")
                                        && p.contains("clickhouse/clickhouse-server has no tag"));
    }

    @Test
    void aJobArgumentThatIsNotAnOptionIsRejected() throws IOException {
        edit(
                "deploy/k8s/flink/network.yaml",
                "--crosstrust.network.top-k",
                "--crosstrust.network.topk");
        edit(
                "deploy/compose/config/trade-flow.properties",
                "crosstrust.clickhouse.user=",
                "crosstrust.clickhouse.usr=");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(
                        p ->
                                p.contains("FlinkDeployment crosstrust-network")
                                        && p.contains("unknown option --crosstrust.network.topk")
                                        && p.contains("crosstrust.network.top-k"))
                .anyMatch(
                        p ->
                                p.contains("service submit-trade-flow")
                                        && p.contains("unknown key 'crosstrust.clickhouse.usr'"));
    }

    @Test
    void aBadValueOrAMissingRequiredOptionInTheConfigMapIsRejected() throws IOException {
        edit(
                "deploy/k8s/flink/jobs-config.yaml",
                "interval: 20 s\n      network:",
                "interval: soon\n      network:");
        edit(
                "deploy/k8s/flink/jobs-config.yaml",
                "        url: http://clickhouse-crosstrust:8123\n        user: crosstrust_writer\n        database: crosstrust\n        batch-size: 20000\n",
                "        user: crosstrust_writer\n        database: crosstrust\n        batch-size: 20000\n");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.contains("crosstrust-network") && p.contains("'soon'"))
                .anyMatch(
                        p ->
                                p.contains("crosstrust-trade-flow")
                                        && p.contains("needs crosstrust.clickhouse.url"));
    }

    @Test
    void anEntryClassThatDoesNotExistIsRejected() throws IOException {
        edit(
                "deploy/k8s/flink/network.yaml",
                "io.crosstrust.jobs.network.NetworkJob",
                "io.crosstrust.jobs.network.NetJob");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(
                        p ->
                                p.contains(
                                        "entry class io.crosstrust.jobs.network.NetJob is not on the class path"));
    }

    @Test
    void flinkDeploymentRequirementsAreEnforced() throws IOException {
        edit(
                "deploy/k8s/flink/credit-risk.yaml",
                "upgradeMode: savepoint",
                "upgradeMode: stateless");
        edit("deploy/k8s/flink/credit-risk.yaml", "flinkVersion: v2_2", "flinkVersion: v1_20");
        edit(
                "deploy/k8s/flink/credit-risk.yaml",
                "high-availability.type: kubernetes",
                "high-availability.type: none");
        edit(
                "deploy/k8s/flink/credit-risk.yaml",
                "execution.checkpointing.interval: 10 s",
                "execution.checkpointing.interval: 60 s");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.contains("upgradeMode is stateless, expected savepoint"))
                .anyMatch(p -> p.contains("flinkVersion is v1_20, expected v2_2"))
                .anyMatch(p -> p.contains("high-availability.type is none, expected kubernetes"))
                .anyMatch(p -> p.contains("differs from execution.checkpointing.interval (1 min)"))
                .anyMatch(
                        p ->
                                p.contains("crosstrust-credit-risk")
                                        && p.contains(
                                                "must stay under the Kafka sinks'"
                                                        + " transaction.timeout.ms (1 min)"));
    }

    @Test
    void referencesToMissingSecretsAndConfigMapsAreRejected() throws IOException {
        edit(
                "deploy/k8s/flink/trade-flow.yaml",
                "name: clickhouse-writer",
                "name: clickhouse-writr");
        edit(
                "deploy/k8s/flink/oracle.yaml",
                "name: crosstrust-jobs-config",
                "name: crosstrust-job-config");
        edit("deploy/k8s/flink/oracle.yaml", "key: address", "key: addr");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(
                        p ->
                                p.contains(
                                        "refers to Secret clickhouse-writr, which no manifest defines"))
                .anyMatch(p -> p.contains("refers to ConfigMap crosstrust-job-config"))
                .anyMatch(
                        p ->
                                p.contains(
                                        "refers to key addr of ConfigMap crosstrust-oracle-contract"));
    }

    @Test
    void secretsWithValuesOrInlineAreRejected() throws IOException {
        edit(
                "deploy/k8s/secrets/secrets.yaml",
                "  password: \"\"\n---\n# Object",
                "  password: \"hunter2\"\n---\n# Object");
        edit(
                "deploy/k8s/flink/network.yaml",
                "            - name: CROSSTRUST_CLICKHOUSE_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: clickhouse-writer\n                  key: password",
                "            - name: CROSSTRUST_CLICKHOUSE_PASSWORD\n              value: hunter2");
        edit(
                "deploy/compose/docker-compose.yaml",
                "CROSSTRUST_ORACLE_KEY: ${CROSSTRUST_ORACLE_KEY:-}",
                "CROSSTRUST_ORACLE_KEY: 0xabc");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.contains("Secret clickhouse-writer: key password holds a value"))
                .anyMatch(
                        p ->
                                p.contains(
                                        "crosstrust-network: env CROSSTRUST_CLICKHOUSE_PASSWORD is set inline"))
                .anyMatch(
                        p ->
                                p.contains("crosstrust-network")
                                        && p.contains(
                                                "CROSSTRUST_CLICKHOUSE_PASSWORD is not given to its"
                                                        + " main"))
                .anyMatch(
                        p ->
                                p.contains(
                                        "service taskmanager: CROSSTRUST_ORACLE_KEY is set inline"));
    }

    @Test
    void composeGivesTheClickHousePasswordToMainAndTheOracleKeyToTheTaskManager()
            throws IOException {
        edit(
                "deploy/compose/docker-compose.yaml",
                "  submit-network:\n    image: crosstrust/jobs:0.1.0\n    environment:\n      CROSSTRUST_CLICKHOUSE_PASSWORD: ${CROSSTRUST_CLICKHOUSE_PASSWORD:?set CROSSTRUST_CLICKHOUSE_PASSWORD}\n",
                "  submit-network:\n    image: crosstrust/jobs:0.1.0\n");
        edit(
                "deploy/compose/docker-compose.yaml",
                "      CROSSTRUST_ORACLE_KEY: ${CROSSTRUST_ORACLE_KEY:-}\n",
                "");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(
                        p ->
                                p.contains("service submit-network")
                                        && p.contains(
                                                "CROSSTRUST_CLICKHOUSE_PASSWORD is not given"))
                .anyMatch(
                        p ->
                                p.contains("service submit-oracle")
                                        && p.contains(
                                                "key variable CROSSTRUST_ORACLE_KEY is not given to"
                                                        + " the TaskManagers"));
    }

    @Test
    void topicsMustMatchTheCode() throws IOException {
        edit("deploy/k8s/kafka/topics.yaml", "topicName: risk.warnings", "topicName: risk.warning");
        edit(
                "deploy/k8s/kafka/topics.yaml",
                "  topicName: entity.activity\n  partitions: 12\n  replicas: 3\n  config:\n    min.insync.replicas: 2\n    message.timestamp.type: \"LogAppendTime\"\n    cleanup.policy: \"compact\"",
                "  topicName: entity.activity\n  partitions: 12\n  replicas: 3\n  config:\n    min.insync.replicas: 2\n    message.timestamp.type: \"LogAppendTime\"\n    cleanup.policy: \"delete\"");
        edit(
                "deploy/k8s/kafka/topics.yaml",
                "  topicName: model.updates\n  partitions: 1",
                "  topicName: model.updates\n  partitions: 3");
        edit(
                "deploy/k8s/flink/jobs-config.yaml",
                "source-topics: [platform.events, chain.events]",
                "source-topics: [platform.events, chain.evnts]");
        edit("deploy/compose/create-topics.sh", "--topic dead.letters", "--topic dead.letter");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.contains("topic risk.warnings of the code has no definition"))
                .anyMatch(p -> p.contains("topic risk.warning is not a topic of the code"))
                .anyMatch(
                        p ->
                                p.contains(
                                        "topic entity.activity has cleanup.policy=delete, the code (Topics.java) wants compact"))
                .anyMatch(
                        p ->
                                p.contains(
                                        "topic model.updates has 3 partitions; the code wants exactly 1"))
                .anyMatch(p -> p.contains("reads topic chain.evnts, which has no KafkaTopic"))
                .anyMatch(
                        p ->
                                p.startsWith(
                                        "deploy/compose/create-topics.sh: topic dead.letters of the code has no definition"));
    }

    @Test
    void kafkaMustBeThreeBrokersWithMinIsrTwo() throws IOException {
        edit("deploy/k8s/kafka/kafka.yaml", "spec:\n  replicas: 3", "spec:\n  replicas: 1");
        edit(
                "deploy/k8s/kafka/kafka.yaml",
                "      min.insync.replicas: 2",
                "      min.insync.replicas: 1");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.contains("1 brokers in its node pools, expected 3"))
                .anyMatch(p -> p.contains("spec.kafka.config.min.insync.replicas must be 2"));
    }

    @Test
    void besuNeedsFourValidatorsInGenesisAndStatefulSet() throws IOException {
        edit("deploy/k8s/besu/validators.yaml", "  replicas: 4", "  replicas: 3");
        // drop the fourth validator from extraData: list lengths shrink by 21 bytes
        edit(
                "deploy/k8s/besu/genesis.yaml",
                "0xf87aa0" + "00".repeat(32) + "f854",
                "0xf865a0" + "00".repeat(32) + "f83f");
        edit("deploy/k8s/besu/genesis.yaml", "944444444444444444444444444444444444444444", "");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.contains("extraData lists 3 validators, expected 4"));
        // and the seals: four items
        edit("deploy/k8s/besu/genesis.yaml", "0xf865a0", "0xf864a0");
        edit("deploy/k8s/besu/genesis.yaml", "c080c0\"", "c080\"");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.contains("extraData: expected an RLP list of 5 items"));
    }

    @Test
    void theClusterSchemaMustBeTheGeneratedOne() throws IOException {
        edit(
                "deploy/k8s/clickhouse/schema.yaml",
                "        entity_id             String,\n        event_id              String,\n        region",
                "        entity_id             String,\n        region");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(
                        p ->
                                p.contains(
                                        "deploy/k8s/clickhouse/schema.yaml is not what ClickHouseClusterSchema generates"))
                .anyMatch(p -> p.contains("table entity_activity_local has columns"));
    }

    @Test
    void invalidYamlIsReportedWithItsFile() throws IOException {
        Files.writeString(copy.resolve("deploy/k8s/kafka/broken.yaml"), "kind: [unclosed\n");
        assertThat(ManifestCheck.run(copy))
                .anyMatch(p -> p.startsWith("deploy/k8s/kafka/broken.yaml: not valid YAML"));
    }

    @Test
    void qbftExtraDataIsDecoded() {
        List<String> addresses =
                List.of(
                        "64a702e6263b7297a96638cac6ae65e6541f4169",
                        "3923390ad55e90c237593b3b0e401f3b08a03185",
                        "aefdb9a738c9f433e5b6b212a6d62f6370c2f692",
                        "c7eeb9a4e00ce683cf93039b212648e01c6c6abe");
        String extraData =
                "0xf87aa0"
                        + "00".repeat(32)
                        + "f854"
                        + String.join("", addresses.stream().map(a -> "94" + a).toList())
                        + "c080c0";
        assertThat(QbftExtraData.validators(extraData))
                .containsExactlyElementsOf(addresses.stream().map(a -> "0x" + a).toList());
        assertThatThrownBy(() -> QbftExtraData.validators("0xzz")).hasMessageContaining("not hex");
        assertThatThrownBy(() -> QbftExtraData.validators("0xf87a"))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> QbftExtraData.validators(extraData + "00"))
                .hasMessageContaining("trailing bytes");
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = copy.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as("%s contains the text to break", file).contains(from);
        Files.writeString(path, text.replace(from, to));
    }
}
