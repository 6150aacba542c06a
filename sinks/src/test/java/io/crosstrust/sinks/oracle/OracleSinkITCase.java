package io.crosstrust.sinks.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * The oracle sink in a Flink job (MiniCluster, checkpoints every 200 ms, key from an encrypted
 * keystore): 200 entities' random walks of 6 score versions each. On-chain afterwards, every
 * entity's record is one of its scores, and every later score is one the policy holds back (same
 * grade and model, less than the threshold away); no (entity, version) is posted twice; every
 * transaction carries at most a batch; the updater's nonce counts exactly the oracle transactions.
 */
class OracleSinkITCase {
    private static final int ENTITIES = 200;
    private static final int VERSIONS = 6;
    private static final int THRESHOLD = 10;
    private static final int BATCH = 50;
    private static final String[] GRADES = {"AA", "A", "BBB", "BB", "B", "CCC"};

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void aFlinkJobLeavesTheLatestScoresUnderThePolicyOnChain(@TempDir Path dir) throws Exception {
        Random random = new Random(11);
        List<CreditScore> scores = new ArrayList<>();
        Map<String, List<CreditScore>> byEntity = new HashMap<>();
        double[] composite = new double[ENTITIES];
        int[] grade = new int[ENTITIES];
        for (int v = 1; v <= VERSIONS; v++) {
            for (int i = 0; i < ENTITIES; i++) {
                if (v == 1) {
                    composite[i] = 550 + random.nextInt(250);
                    grade[i] = random.nextInt(GRADES.length);
                } else {
                    composite[i] += random.nextInt(25) - 12;
                    if (random.nextInt(10) == 0) {
                        grade[i] =
                                Math.max(
                                        0,
                                        Math.min(
                                                GRADES.length - 1,
                                                grade[i] + (random.nextBoolean() ? 1 : -1)));
                    }
                }
                CreditScore s =
                        OracleTestScores.score("flink-" + i, v, composite[i], GRADES[grade[i]]);
                scores.add(s);
                byEntity.computeIfAbsent(s.getEntityId(), k -> new ArrayList<>()).add(s);
            }
        }

        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO);
                LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
            String admin = chain.accounts().get(0);
            String updater = chain.accounts().get(1);
            CreditOracle oracle = chain.deployOracle(admin, updater, admin);
            String file =
                    WalletUtils.generateWalletFile(
                            "pw",
                            Credentials.create(OracleTestScores.UPDATER_KEY).getEcKeyPair(),
                            dir.toFile(),
                            false);
            Path password = dir.resolve("password");
            Files.writeString(password, "pw", StandardCharsets.UTF_8);

            OracleSink sink =
                    OracleSink.builder()
                            .setRpcUrl(node.rpcUrl())
                            .setContract(oracle.getContractAddress())
                            .setChainId(AnvilNode.CHAIN_ID)
                            .setKey(OracleKey.fromKeystore(dir.resolve(file), password))
                            .setPolicy(THRESHOLD, Duration.ofDays(1))
                            .setBatchSize(BATCH)
                            .setConfirmations(1)
                            .setPolling(
                                    Duration.ofMillis(100),
                                    Duration.ofSeconds(30),
                                    Duration.ofMinutes(2))
                            .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
            sink.addTo(
                    // one source subtask: each entity's scores reach the sink in version order,
                    // as they do from credit.scores (keyed by entity, so one partition each); two
                    // subtasks split the list by position and sent versions 4-6 before 1-3
                    env.fromData(scores, new AvroTypeInfo<>(CreditScore.class))
                            .setParallelism(1)
                            .name("scores")
                            .uid("scores"));
            env.execute("oracle-sink-it");

            OracleChainView view = new OracleChainView(chain, oracle);
            List<List<OracleChainView.Posted>> events =
                    view.assertPostedOnceWithoutNonceGap(updater, BATCH);
            Set<String> seen = new HashSet<>();
            view.allPosted().forEach(p -> seen.add(p.entityHex() + "/" + p.version()));
            assertThat(seen.size())
                    .as("at least every entity's first score")
                    .isGreaterThanOrEqualTo(ENTITIES);
            assertThat(events.size()).isGreaterThanOrEqualTo((seen.size() + BATCH - 1) / BATCH);

            int latestOnChain = 0;
            for (Map.Entry<String, List<CreditScore>> e : byEntity.entrySet()) {
                OracleRecord r = view.record(e.getKey());
                CreditScore posted = e.getValue().get((int) r.version() - 1);
                assertThat(OracleChainView.same(r, OracleEntry.of(posted))).as(e.getKey()).isTrue();
                for (CreditScore later : e.getValue().subList((int) r.version(), VERSIONS)) {
                    OracleEntry l = OracleEntry.of(later);
                    assertThat(l.grade())
                            .as(e.getKey() + " v" + later.getScoreVersion() + " grade")
                            .isEqualTo(r.grade());
                    assertThat(Math.abs(l.score() - r.score()))
                            .as(
                                    e.getKey()
                                            + " v"
                                            + later.getScoreVersion()
                                            + " should have been posted")
                            .isLessThan(THRESHOLD);
                }
                if (r.version() == VERSIONS) {
                    latestOnChain++;
                }
                assertThat(OracleCodes.gradeName(r.grade())).isEqualTo(posted.getGrade());
            }
            assertThat(latestOnChain).as("entities whose newest score is on-chain").isPositive();
        }
    }
}
