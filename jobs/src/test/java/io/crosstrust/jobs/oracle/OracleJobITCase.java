package io.crosstrust.jobs.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.output.CreditScore;
import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleRecord;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.kafka.TopicAdmin;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import io.crosstrust.jobs.tradeflow.TradeFlowOptions;
import io.crosstrust.sinks.oracle.OracleSinkOptions;
import io.crosstrust.sinks.oracle.OracleTestScores;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

/**
 * The oracle job as deployed: committed credit scores on a real broker's credit.scores, the job on
 * a MiniCluster with the key from an encrypted keystore, a CreditOracle on a real anvil. Every
 * entity's newest score ends up on-chain (each later version moves the score past the threshold or
 * changes the grade, so the policy posts them all); a score in an aborted transaction never does.
 */
class OracleJobITCase {
    private static final int ENTITIES = 30;
    private static final int VERSIONS = 3;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void committedScoresReachTheOracleContract(@TempDir Path dir) throws Exception {
        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO);
                LocalChainClient chain = LocalChainClient.connect(node.rpcUrl());
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
                TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers())) {
            admin.ensure(Topics.all(2), (short) 1);
            String deployer = chain.accounts().get(0);
            CreditOracle oracle = chain.deployOracle(deployer, chain.accounts().get(1), deployer);
            String wallet =
                    WalletUtils.generateWalletFile(
                            "keystore-pw",
                            Credentials.create(OracleTestScores.UPDATER_KEY).getEcKeyPair(),
                            dir.toFile(),
                            false);
            Path password = dir.resolve("password");
            Files.writeString(password, "keystore-pw", StandardCharsets.UTF_8);

            Map<String, CreditScore> newest = new LinkedHashMap<>();
            EventCodec codec = EventCodec.standard();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "oracle-job-it");
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int v = 1; v <= VERSIONS; v++) {
                    for (int i = 0; i < ENTITIES; i++) {
                        CreditScore s =
                                OracleTestScores.score(
                                        "job-" + i, v, 500 + 40 * v + i, v == 2 ? "BB" : "BBB");
                        producer.send(record(codec, s));
                        newest.put(s.getEntityId(), s);
                    }
                }
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(
                        record(codec, OracleTestScores.score("job-0", VERSIONS + 1, 800, "AA")));
                producer.flush();
                producer.abortTransaction();
            }

            Configuration conf = new Configuration();
            conf.set(TradeFlowOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            conf.set(TradeFlowOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(300));
            conf.set(OracleSinkOptions.RPC_URL, node.rpcUrl());
            conf.set(OracleSinkOptions.CONTRACT, oracle.getContractAddress());
            conf.set(OracleSinkOptions.CHAIN_ID, AnvilNode.CHAIN_ID);
            conf.set(OracleSinkOptions.KEYSTORE, dir.resolve(wallet).toString());
            conf.set(OracleSinkOptions.KEYSTORE_PASSWORD_FILE, password.toString());
            conf.set(OracleSinkOptions.CONFIRMATIONS, 1);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            OracleJob.wire(env, conf);
            JobClient job = env.executeAsync("oracle-job-it");
            try {
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (!allPosted(oracle, newest) && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
            } finally {
                job.cancel().get();
            }

            for (CreditScore s : newest.values()) {
                OracleRecord r = record(oracle, s.getEntityId());
                OracleEntry expected = OracleEntry.of(s);
                assertThat(r.version()).as(s.getEntityId()).isEqualTo(VERSIONS);
                assertThat(r.score()).as(s.getEntityId()).isEqualTo(expected.score());
                assertThat(OracleCodes.gradeName(r.grade())).isEqualTo(s.getGrade());
            }
        }
    }

    private static ProducerRecord<byte[], byte[]> record(EventCodec codec, CreditScore s) {
        return new ProducerRecord<>(
                Topics.CREDIT_SCORES,
                s.getEntityId().getBytes(StandardCharsets.UTF_8),
                codec.encode(s));
    }

    private static boolean allPosted(CreditOracle oracle, Map<String, CreditScore> newest)
            throws Exception {
        for (String entity : newest.keySet()) {
            if (record(oracle, entity).version() < VERSIONS) {
                return false;
            }
        }
        return true;
    }

    private static OracleRecord record(CreditOracle oracle, String entity) throws Exception {
        List<?> words = oracle.packedRecordsOf(List.of(OracleCodes.entityKey(entity))).send();
        return OracleRecord.unpack((BigInteger) words.get(0));
    }
}
