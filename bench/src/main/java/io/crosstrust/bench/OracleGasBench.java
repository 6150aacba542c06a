package io.crosstrust.bench;

import io.crosstrust.deploy.cli.JsonSummary;
import io.crosstrust.ingest.chain.AnvilNode;
import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleSnapshot;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Gas of the CreditOracle beside its limit, one-transaction-per-update. On its own anvil: {@code
 * updateBatch} of 1, 10, 100 and 500 entities, each first as new records, then the same entities
 * again with the next version (existing records); a snapshot root of 10,000 entities (built in
 * Java, StandardMerkleTree) published with {@code publishSnapshot}, and one {@code verify} of it.
 * Gas is the receipts' gasUsed (the transaction's 21,000 base included), divided by the entities it
 * carried. The limit a batch is measured against: one transaction per update costs at least 21,000
 * (the transaction) + 5,000 (one storage update) = 26,000 gas.
 */
@Command(
        name = "oracle-gas",
        mixinStandardHelpOptions = true,
        description =
                "CreditOracle gas per entity for batches of 1, 10, 100, 500 (new and existing records)"
                        + " and per entity of a 10,000-entity snapshot root, beside one tx per update.")
public final class OracleGasBench implements Callable<Integer> {
    static final int[] BATCHES = {1, 10, 100, 500};
    static final int SNAPSHOT_ENTITIES = 10_000;
    static final long ONE_TX_PER_UPDATE_FLOOR = 21_000 + 5_000;
    static final long GOAL_EXISTING_BATCH100 = 7_000;
    static final long GOAL_SNAPSHOT_PER_ENTITY = 50;

    @Spec CommandSpec spec;

    @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("crosstrust-bench-oracle");
        Map<String, Object> figures = new LinkedHashMap<>();
        try (AnvilNode node = AnvilNode.start(dir, 0, Duration.ZERO);
                LocalChainClient chain = LocalChainClient.connect(node.rpcUrl())) {
            String admin = chain.accounts().get(0);
            CreditOracle oracle = chain.deployOracle(admin, admin, admin);
            String to = oracle.getContractAddress();
            out.printf("anvil on %s, CreditOracle at %s%n", node.rpcUrl(), to);
            out.printf(
                    "%-10s %14s %14s %14s %14s%n",
                    "batch", "new: tx gas", "per entity", "existing: tx", "per entity");
            long singleUpdate = 0;
            for (int n : BATCHES) {
                List<OracleEntry> fresh = entries("bench-" + n + "-", n, 1);
                List<OracleEntry> next = entries("bench-" + n + "-", n, 2);
                long gasNew = gasOf(chain, admin, to, update(fresh));
                long gasExisting = gasOf(chain, admin, to, update(next));
                out.printf(
                        "%-10d %,14d %,14d %,14d %,14d%n",
                        n, gasNew, gasNew / n, gasExisting, gasExisting / n);
                figures.put("per_entity_gas_new_batch" + n, gasNew / n);
                figures.put("per_entity_gas_existing_batch" + n, gasExisting / n);
                if (n == 1) {
                    singleUpdate = gasExisting;
                }
            }
            out.printf(
                    "one tx per update (existing record, measured): %,d gas; floor 21,000 + 5,000 = %,d%n",
                    singleUpdate, ONE_TX_PER_UPDATE_FLOOR);

            List<OracleEntry> all = entries("snapshot-", SNAPSHOT_ENTITIES, 1);
            long built = System.nanoTime();
            OracleSnapshot snapshot = OracleSnapshot.of(all);
            double buildSeconds = (System.nanoTime() - built) / 1e9;
            String publish =
                    oracle.publishSnapshot(
                                    BigInteger.ONE,
                                    snapshot.root(),
                                    BigInteger.valueOf(SNAPSHOT_ENTITIES),
                                    BigInteger.valueOf(chain.latestTimestamp()))
                            .encodeFunctionCall();
            long gasSnapshot = gasOf(chain, admin, to, publish);
            OracleEntry sample = all.get(SNAPSHOT_ENTITIES / 2);
            List<byte[]> proof = snapshot.proof(sample.entity()).orElseThrow();
            CreditOracle.ScoreLeaf leaf = sample.scoreLeaf();
            if (!Boolean.TRUE.equals(
                    oracle.verify(sample.entity(), leaf, proof, BigInteger.ONE).send())) {
                throw new IllegalStateException("a snapshot proof did not verify on-chain");
            }
            String verifyCall =
                    oracle.verify(sample.entity(), leaf, proof, BigInteger.ONE)
                            .encodeFunctionCall();
            long verifyGas =
                    chain.web3j()
                            .ethEstimateGas(
                                    Transaction.createEthCallTransaction(admin, to, verifyCall))
                            .send()
                            .getAmountUsed()
                            .longValueExact();
            double perEntitySnapshot = gasSnapshot / (double) SNAPSHOT_ENTITIES;
            out.printf(
                    "snapshot of %,d entities: root built in %.2f s; publishSnapshot %,d gas = %.1f gas per entity;"
                            + " verify (proof of %d) ~%,d gas as a call%n",
                    SNAPSHOT_ENTITIES,
                    buildSeconds,
                    gasSnapshot,
                    perEntitySnapshot,
                    proof.size(),
                    verifyGas);

            long existing100 = (Long) figures.get("per_entity_gas_existing_batch100");
            boolean batchGoal = existing100 <= GOAL_EXISTING_BATCH100;
            boolean snapshotGoal = perEntitySnapshot <= GOAL_SNAPSHOT_PER_ENTITY;
            out.printf(
                    "goal <= %,d gas per existing-record update at batch 100: %,d (%s), %.1fx cheaper than one tx per update%n",
                    GOAL_EXISTING_BATCH100,
                    existing100,
                    batchGoal ? "met" : "NOT met",
                    singleUpdate / (double) existing100);
            out.printf(
                    "goal <= %d gas per entity per snapshot at 10,000 entities: %.1f (%s)%n",
                    GOAL_SNAPSHOT_PER_ENTITY, perEntitySnapshot, snapshotGoal ? "met" : "NOT met");
            figures.put("per_entity_gas_snapshot_10000", Math.round(perEntitySnapshot * 10) / 10.0);
            figures.put("snapshot_publish_tx_gas", gasSnapshot);
            figures.put("snapshot_verify_gas", verifyGas);
            figures.put("snapshot_proof_length", proof.size());
            figures.put("single_update_tx_gas", singleUpdate);
            figures.put("one_tx_per_update_floor_gas", ONE_TX_PER_UPDATE_FLOOR);
            figures.put("goal_existing_batch100_met", batchGoal);
            figures.put("goal_snapshot_met", snapshotGoal);
            if (json) {
                JsonSummary summary = new JsonSummary();
                figures.forEach(summary::put);
                out.println(summary.toJson());
            }
            out.flush();
            return batchGoal && snapshotGoal ? 0 : 1;
        } finally {
            deleteQuietly(dir);
        }
    }

    /** n entries for entities prefix0..prefix(n-1), all at this version. */
    static List<OracleEntry> entries(String prefix, int n, long version) {
        List<OracleEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(
                    new OracleEntry(
                            OracleCodes.entityKey(prefix + i),
                            version,
                            1_000_000,
                            600 + (i * 7 + (int) version) % 250,
                            1 + i % 10,
                            (i * 3) % 201));
        }
        return out;
    }

    static String update(List<OracleEntry> entries) {
        return FunctionEncoder.encode(
                new Function(
                        "updateBatch",
                        List.of(new DynamicBytes(OracleEntry.encodeBatch(entries))),
                        List.of()));
    }

    /** Sends from an unlocked account and returns the receipt's gasUsed; fails on a revert. */
    static long gasOf(LocalChainClient chain, String from, String to, String data)
            throws Exception {
        String tx = chain.send(from, to, data, 30_000_000);
        TransactionReceipt r = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (r == null) {
            r =
                    chain.web3j()
                            .ethGetTransactionReceipt(tx)
                            .send()
                            .getTransactionReceipt()
                            .orElse(null);
            if (r == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("transaction " + tx + " was not mined");
                }
                Thread.sleep(10);
            }
        }
        if (!r.isStatusOK()) {
            throw new IllegalStateException("transaction " + tx + " reverted");
        }
        return r.getGasUsed().longValueExact();
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir: left for the OS
        }
    }
}
