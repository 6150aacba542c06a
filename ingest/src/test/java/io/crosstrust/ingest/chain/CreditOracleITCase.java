package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleRecord;
import io.crosstrust.ingest.chain.oracle.StandardMerkleTree;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/**
 * CreditOracle on a real anvil through the generated web3j wrapper: every role rule (updater,
 * pauser, admin grants and revokes), batch updates with their event and packed storage, every
 * revert (unauthorised, stale, replayed and duplicate versions, malformed batches and entries,
 * paused), freshness at its boundary, and snapshot roots with valid, wrong and tampered proofs. The
 * sample consumer has its own ITCase (TradeCreditLineITCase).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreditOracleITCase {
    private static final AtomicInteger ENTITY = new AtomicInteger();
    private static final long MODEL_1_0_0 = 1_000_000;

    private AnvilNode node;
    private LocalChainClient chain;
    private String admin;
    private String updater;
    private String pauser;
    private String stranger;
    private CreditOracle oracle;

    @BeforeAll
    void deploy(@TempDir Path dir) {
        node = AnvilNode.start(dir, 0, Duration.ZERO);
        chain = LocalChainClient.connect(node.rpcUrl());
        List<String> a = chain.accounts();
        admin = a.get(0);
        updater = a.get(1);
        pauser = a.get(2);
        stranger = a.get(3);
        oracle = chain.deployOracle(admin, updater, pauser);
    }

    @AfterAll
    void stop() {
        chain.close();
        node.close();
    }

    private CreditOracle as(String from) {
        return CreditOracle.load(
                oracle.getContractAddress(),
                chain.web3j(),
                chain.manager(from),
                LocalChainClient.GAS);
    }

    private static byte[] newEntity() {
        return OracleCodes.entityKey("oracle-it-entity-" + ENTITY.incrementAndGet());
    }

    private static OracleEntry entry(byte[] entity, long version, int score, String grade) {
        return new OracleEntry(
                entity, version, MODEL_1_0_0, score, OracleCodes.gradeCode(grade), 100);
    }

    private static String selector(String errorSignature) {
        return Hash.sha3String(errorSignature).substring(0, 10);
    }

    private static String word(long v) {
        return Numeric.toHexStringNoPrefixZeroPadded(BigInteger.valueOf(v), 64);
    }

    /** The call would revert with this custom error (and these encoded arguments, if given). */
    private void assertReverts(
            String from, RemoteFunctionCall<?> call, String error, String... argumentWords) {
        String data =
                chain.revertData(from, oracle.getContractAddress(), call.encodeFunctionCall());
        assertThat(data).as("revert data of " + error).startsWith(selector(error));
        assertThat(data.substring(10)).startsWith(String.join("", argumentWords));
    }

    private void assertRevertsOnChain(RemoteFunctionCall<TransactionReceipt> call) {
        assertThatThrownBy(call::send)
                .isInstanceOf(TransactionException.class)
                .hasMessageContaining("status: 0x0");
    }

    private OracleRecord record(byte[] entity) throws Exception {
        List<?> words = oracle.packedRecordsOf(List.of(entity)).send();
        return OracleRecord.unpack((BigInteger) words.get(0));
    }

    private TransactionReceipt post(OracleEntry... entries) throws Exception {
        return as(updater).updateBatch(OracleEntry.encodeBatch(List.of(entries))).send();
    }

    private long blockTime(TransactionReceipt r) throws Exception {
        return chain.web3j()
                .ethGetBlockByHash(r.getBlockHash(), false)
                .send()
                .getBlock()
                .getTimestamp()
                .longValueExact();
    }

    @Test
    void theDeployerGrantsAdminUpdaterAndPauserRoles() throws Exception {
        byte[] adminRole = oracle.DEFAULT_ADMIN_ROLE().send();
        byte[] updaterRole = oracle.UPDATER_ROLE().send();
        byte[] pauserRole = oracle.PAUSER_ROLE().send();
        assertThat(Numeric.toHexString(updaterRole)).isEqualTo(Hash.sha3String("UPDATER_ROLE"));
        assertThat(Numeric.toHexString(pauserRole)).isEqualTo(Hash.sha3String("PAUSER_ROLE"));
        assertThat(oracle.hasRole(adminRole, admin).send()).isTrue();
        assertThat(oracle.hasRole(updaterRole, updater).send()).isTrue();
        assertThat(oracle.hasRole(pauserRole, pauser).send()).isTrue();
        assertThat(oracle.hasRole(updaterRole, admin).send()).isFalse();
        assertThat(oracle.hasRole(pauserRole, updater).send()).isFalse();
        assertThat(oracle.ENTRY_SIZE().send()).isEqualTo(BigInteger.valueOf(OracleEntry.SIZE));
    }

    @Test
    void aBatchWritesEveryRecordInOneSlotWithTheBlockTimeAndOneEvent() throws Exception {
        byte[] a = newEntity();
        byte[] b = newEntity();
        byte[] c = newEntity();
        OracleEntry ea = new OracleEntry(a, 1, 1_002_003, 812, 1, 0);
        OracleEntry eb = new OracleEntry(b, 7, MODEL_1_0_0, 300, 10, 200);
        OracleEntry ec = new OracleEntry(c, Long.MAX_VALUE, 4_294_967_295L, 65_535, 5, 137);
        TransactionReceipt r = post(ea, eb, ec);
        long t = blockTime(r);

        CreditOracle.Record ra = oracle.recordOf(a).send();
        assertThat(ra.score).isEqualTo(BigInteger.valueOf(812));
        assertThat(ra.grade).isEqualTo(BigInteger.ONE);
        assertThat(ra.pdBucket).isEqualTo(BigInteger.ZERO);
        assertThat(ra.modelVersion).isEqualTo(BigInteger.valueOf(1_002_003));
        assertThat(ra.updatedAt).isEqualTo(BigInteger.valueOf(t));
        assertThat(ra.version).isEqualTo(BigInteger.ONE);
        assertThat(record(a)).isEqualTo(OracleRecord.of(ea, t));
        assertThat(record(b)).isEqualTo(OracleRecord.of(eb, t));
        assertThat(record(c)).isEqualTo(OracleRecord.of(ec, t)); // every field at its maximum
        assertThat(oracle.versionOf(c).send()).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));

        List<CreditOracle.ScoresUpdatedEventResponse> events =
                CreditOracle.getScoresUpdatedEvents(r);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).updater).isEqualToIgnoringCase(updater);
        assertThat(events.get(0).count).isEqualTo(BigInteger.valueOf(3));
        assertThat(events.get(0).updates).isEqualTo(OracleEntry.encodeBatch(List.of(ea, eb, ec)));

        // a newer version replaces the record; the others stay
        OracleEntry newer = new OracleEntry(a, 2, MODEL_1_0_0, 640, 6, 120);
        long t2 = blockTime(post(newer));
        assertThat(record(a)).isEqualTo(OracleRecord.of(newer, t2));
        assertThat(record(b)).isEqualTo(OracleRecord.of(eb, t));
        assertThat(record(newEntity())).isEqualTo(OracleRecord.NONE);
    }

    @Test
    void onlyUpdatersWriteAndTheAdminGrantsAndRevokesTheRole() throws Exception {
        byte[] e = newEntity();
        byte[] batch = OracleEntry.encodeBatch(List.of(entry(e, 1, 700, "A")));
        byte[] updaterRole = oracle.UPDATER_ROLE().send();
        for (String who : List.of(stranger, admin, pauser)) {
            assertReverts(
                    who,
                    as(who).updateBatch(batch),
                    "AccessControlUnauthorizedAccount(address,bytes32)",
                    Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(who), 64),
                    Numeric.toHexStringNoPrefix(updaterRole));
        }
        assertRevertsOnChain(as(stranger).updateBatch(batch));
        assertThat(record(e).exists()).isFalse();

        // only the admin grants: an updater cannot make others updaters
        assertReverts(
                updater,
                as(updater).grantRole(updaterRole, stranger),
                "AccessControlUnauthorizedAccount(address,bytes32)");
        as(admin).grantRole(updaterRole, stranger).send();
        as(stranger).updateBatch(batch).send();
        assertThat(record(e).version()).isEqualTo(1);
        as(admin).revokeRole(updaterRole, stranger).send();
        assertReverts(
                stranger,
                as(stranger).updateBatch(OracleEntry.encodeBatch(List.of(entry(e, 2, 700, "A")))),
                "AccessControlUnauthorizedAccount(address,bytes32)");
    }

    @Test
    void replayedStaleAndDuplicateVersionsRevertTheWholeBatch() throws Exception {
        byte[] e = newEntity();
        byte[] other = newEntity();
        post(entry(e, 5, 700, "A"));
        OracleRecord before = record(e);
        String entityWord = Numeric.toHexStringNoPrefix(e);

        // the same update again (a replay), an older one, and version 0 on a new entity
        assertReverts(
                updater,
                as(updater).updateBatch(OracleEntry.encodeBatch(List.of(entry(e, 5, 700, "A")))),
                "StaleVersion(bytes32,uint64,uint64)",
                entityWord,
                word(5),
                word(5));
        assertReverts(
                updater,
                as(updater)
                        .updateBatch(
                                OracleEntry.encodeBatch(
                                        List.of(entry(other, 1, 650, "BB"), entry(e, 4, 1, "D")))),
                "StaleVersion(bytes32,uint64,uint64)",
                entityWord,
                word(5),
                word(4));
        byte[] zeroVersion = rawEntry(newEntity(), 0, 4, 100);
        assertReverts(
                updater,
                as(updater).updateBatch(zeroVersion),
                "StaleVersion(bytes32,uint64,uint64)");
        // the same entity twice in one batch: the second is not above the first
        assertReverts(
                updater,
                as(updater)
                        .updateBatch(
                                OracleEntry.encodeBatch(
                                        List.of(entry(e, 6, 710, "A"), entry(e, 6, 720, "A")))),
                "StaleVersion(bytes32,uint64,uint64)",
                entityWord,
                word(6),
                word(6));
        // on-chain: the batch fails as a whole, the good entry before the stale one is not written
        assertRevertsOnChain(
                as(updater)
                        .updateBatch(
                                OracleEntry.encodeBatch(
                                        List.of(entry(other, 1, 650, "BB"), entry(e, 5, 1, "D")))));
        assertThat(record(other).exists()).isFalse();
        assertThat(record(e)).isEqualTo(before);
    }

    /** An entry built by hand, bypassing OracleEntry's checks. */
    private static byte[] rawEntry(byte[] entity, long version, int grade, int pdBucket) {
        ByteBuffer b = ByteBuffer.allocate(OracleEntry.SIZE);
        b.put(entity).putLong(version).putInt(1_000_000).putShort((short) 700);
        b.put((byte) grade).put((byte) pdBucket);
        return b.array();
    }

    @Test
    void malformedBatchesAndEntriesAreRefusedWithTheReason() throws Exception {
        assertReverts(
                updater, as(updater).updateBatch(new byte[0]), "MalformedBatch(uint256)", word(0));
        byte[] good = OracleEntry.encodeBatch(List.of(entry(newEntity(), 1, 700, "A")));
        assertReverts(
                updater,
                as(updater).updateBatch(Arrays.copyOf(good, 47)),
                "MalformedBatch(uint256)",
                word(47));
        assertReverts(
                updater,
                as(updater).updateBatch(Arrays.copyOf(good, 49)),
                "MalformedBatch(uint256)",
                word(49));
        String invalid = "InvalidUpdate(bytes32,string)";
        assertReverts(updater, as(updater).updateBatch(rawEntry(newEntity(), 1, 0, 1)), invalid);
        assertReverts(updater, as(updater).updateBatch(rawEntry(newEntity(), 1, 11, 1)), invalid);
        assertReverts(updater, as(updater).updateBatch(rawEntry(newEntity(), 1, 3, 201)), invalid);
        assertReverts(updater, as(updater).updateBatch(rawEntry(new byte[32], 1, 3, 1)), invalid);
        // the boundaries are accepted
        byte[] edge = newEntity();
        as(updater).updateBatch(rawEntry(edge, 1, 10, 200)).send();
        assertThat(record(edge).grade()).isEqualTo(10);
        assertThat(record(edge).pdBucket()).isEqualTo(200);
    }

    @Test
    void pausedTheOracleWritesNothingAndVouchesForNothing() throws Exception {
        byte[] e = newEntity();
        post(entry(e, 1, 700, "A"));
        assertThat(oracle.isFresh(e, BigInteger.valueOf(3_600)).send()).isTrue();
        // only the pauser pauses: not the admin, not an updater
        for (String who : List.of(admin, updater, stranger)) {
            assertReverts(
                    who, as(who).pause(), "AccessControlUnauthorizedAccount(address,bytes32)");
        }
        assertReverts(pauser, as(pauser).unpause(), "ExpectedPause()");
        TransactionReceipt paused = as(pauser).pause().send();
        try {
            assertThat(CreditOracle.getPausedEvents(paused)).hasSize(1);
            assertThat(oracle.paused().send()).isTrue();
            assertReverts(pauser, as(pauser).pause(), "EnforcedPause()");
            assertReverts(
                    updater,
                    as(updater)
                            .updateBatch(OracleEntry.encodeBatch(List.of(entry(e, 2, 710, "A")))),
                    "EnforcedPause()");
            assertReverts(
                    updater,
                    as(updater)
                            .publishSnapshot(
                                    BigInteger.valueOf(1_000_000),
                                    new byte[32],
                                    BigInteger.ONE,
                                    BigInteger.ONE),
                    "EnforcedPause()");
            assertThat(oracle.isFresh(e, BigInteger.valueOf(3_600)).send()).isFalse();
            assertThat(record(e).version()).isEqualTo(1); // still readable
            assertReverts(
                    updater,
                    as(updater).unpause(),
                    "AccessControlUnauthorizedAccount(address,bytes32)");
        } finally {
            as(pauser).unpause().send();
        }
        assertThat(oracle.isFresh(e, BigInteger.valueOf(3_600)).send()).isTrue();
        post(entry(e, 2, 710, "A"));
        assertThat(record(e).version()).isEqualTo(2);
    }

    @Test
    void freshnessEndsExactlyMaxAgeAfterTheWrite() throws Exception {
        byte[] e = newEntity();
        long written = blockTime(post(entry(e, 1, 700, "A")));
        assertThat(oracle.isFresh(newEntity(), BigInteger.valueOf(Long.MAX_VALUE)).send())
                .as("an entity without a record is never fresh")
                .isFalse();
        chain.setNextBlockTimestamp(written + 600);
        chain.mine();
        assertThat(oracle.isFresh(e, BigInteger.valueOf(600)).send()).isTrue();
        assertThat(oracle.isFresh(e, BigInteger.valueOf(599)).send()).isFalse();
        assertThat(oracle.isFresh(e, BigInteger.ZERO).send()).isFalse();
        // a newer write makes it fresh again
        long rewritten = blockTime(post(entry(e, 2, 700, "A")));
        assertThat(rewritten).isGreaterThanOrEqualTo(written + 600);
        assertThat(oracle.isFresh(e, BigInteger.ZERO).send()).isTrue();
    }

    // ---- snapshots

    private static byte[] nodeHash(byte[] a, byte[] b) {
        return StandardMerkleTree.nodeHash(a, b);
    }

    private static CreditOracle.ScoreLeaf leaf(OracleEntry e) {
        return e.scoreLeaf();
    }

    @Test
    void aSnapshotRootProvesItsLeavesAndNothingElse() throws Exception {
        List<OracleEntry> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entries.add(
                    new OracleEntry(newEntity(), 10 + i, MODEL_1_0_0, 600 + i, 4 + i % 3, 90 + i));
        }
        byte[][] leaves = new byte[4][];
        for (int i = 0; i < 4; i++) {
            leaves[i] = entries.get(i).leafHash();
            assertThat(oracle.leafHash(entries.get(i).entity(), leaf(entries.get(i))).send())
                    .as("on-chain leaf hash")
                    .isEqualTo(leaves[i]);
        }
        byte[] left = nodeHash(leaves[0], leaves[1]);
        byte[] right = nodeHash(leaves[2], leaves[3]);
        byte[] root = nodeHash(left, right);
        long epoch = oracle.latestEpoch().send().longValueExact() + 1;
        long asOf = chain.latestTimestamp() - 60;
        TransactionReceipt r =
                as(updater)
                        .publishSnapshot(
                                BigInteger.valueOf(epoch),
                                root,
                                BigInteger.valueOf(4),
                                BigInteger.valueOf(asOf))
                        .send();
        CreditOracle.SnapshotPublishedEventResponse event =
                CreditOracle.getSnapshotPublishedEvents(r).get(0);
        assertThat(event.epoch).isEqualTo(BigInteger.valueOf(epoch));
        assertThat(event.root).isEqualTo(root);
        assertThat(event.entities).isEqualTo(BigInteger.valueOf(4));
        assertThat(oracle.latestEpoch().send()).isEqualTo(BigInteger.valueOf(epoch));
        CreditOracle.Snapshot s = oracle.snapshotOf(BigInteger.valueOf(epoch)).send();
        assertThat(s.root).isEqualTo(root);
        assertThat(s.asOf).isEqualTo(BigInteger.valueOf(asOf));
        assertThat(s.publishedAt).isEqualTo(BigInteger.valueOf(blockTime(r)));

        BigInteger ep = BigInteger.valueOf(epoch);
        List<List<byte[]>> proofs =
                List.of(
                        List.of(leaves[1], right),
                        List.of(leaves[0], right),
                        List.of(leaves[3], left),
                        List.of(leaves[2], left));
        for (int i = 0; i < 4; i++) {
            OracleEntry e = entries.get(i);
            assertThat(oracle.verify(e.entity(), leaf(e), proofs.get(i), ep).send())
                    .as("leaf " + i)
                    .isTrue();
        }
        OracleEntry e0 = entries.get(0);
        // a wrong proof (another leaf's), a tampered score, grade, version, another entity
        assertThat(oracle.verify(e0.entity(), leaf(e0), proofs.get(2), ep).send()).isFalse();
        assertThat(oracle.verify(e0.entity(), leaf(e0), List.of(), ep).send()).isFalse();
        OracleEntry tampered =
                new OracleEntry(
                        e0.entity(),
                        e0.version(),
                        e0.modelVersion(),
                        e0.score() + 1,
                        e0.grade(),
                        e0.pdBucket());
        assertThat(oracle.verify(e0.entity(), leaf(tampered), proofs.get(0), ep).send()).isFalse();
        OracleEntry betterGrade =
                new OracleEntry(
                        e0.entity(), e0.version(), e0.modelVersion(), e0.score(), 1, e0.pdBucket());
        assertThat(oracle.verify(e0.entity(), leaf(betterGrade), proofs.get(0), ep).send())
                .isFalse();
        assertThat(oracle.verify(entries.get(1).entity(), leaf(e0), proofs.get(0), ep).send())
                .isFalse();
        assertThat(oracle.verify(e0.entity(), leaf(e0), List.of(right), ep).send()).isFalse();
        assertReverts(
                stranger,
                oracle.verify(e0.entity(), leaf(e0), proofs.get(0), ep.add(BigInteger.ONE)),
                "UnknownEpoch(uint64)",
                word(epoch + 1));
    }

    @Test
    void snapshotEpochsOnlyGrowAndBadSnapshotsAreRefused() throws Exception {
        byte[] root = Hash.sha3("a root".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long epoch = oracle.latestEpoch().send().longValueExact() + 10;
        BigInteger now = BigInteger.valueOf(chain.latestTimestamp());
        BigInteger ep = BigInteger.valueOf(epoch);
        assertReverts(
                stranger,
                as(stranger).publishSnapshot(ep, root, BigInteger.TEN, now),
                "AccessControlUnauthorizedAccount(address,bytes32)");
        assertReverts(
                updater,
                as(updater).publishSnapshot(ep, new byte[32], BigInteger.TEN, now),
                "InvalidSnapshot(string)");
        assertReverts(
                updater,
                as(updater).publishSnapshot(ep, root, BigInteger.ZERO, now),
                "InvalidSnapshot(string)");
        assertReverts(
                updater,
                as(updater)
                        .publishSnapshot(
                                ep, root, BigInteger.TEN, now.add(BigInteger.valueOf(3_600))),
                "InvalidSnapshot(string)");
        as(updater).publishSnapshot(ep, root, BigInteger.TEN, now).send();
        // the same epoch again (a root is never replaced), and an older one
        assertReverts(
                updater,
                as(updater).publishSnapshot(ep, root, BigInteger.TEN, now),
                "EpochNotAfter(uint64,uint64)",
                word(epoch),
                word(epoch));
        assertReverts(
                updater,
                as(updater).publishSnapshot(ep.subtract(BigInteger.ONE), root, BigInteger.TEN, now),
                "EpochNotAfter(uint64,uint64)",
                word(epoch - 1),
                word(epoch));
        assertThat(oracle.snapshotOf(ep).send().root).isEqualTo(root);
    }
}
