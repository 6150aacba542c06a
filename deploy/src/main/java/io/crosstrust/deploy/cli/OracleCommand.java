package io.crosstrust.deploy.cli;

import io.crosstrust.deploy.stack.LocalStack;
import io.crosstrust.deploy.stack.StackSettings;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleSnapshot;
import io.crosstrust.sinks.clickhouse.ClickHouseConnection;
import io.crosstrust.sinks.oracle.OracleKey;
import io.crosstrust.sinks.oracle.ScoreSnapshots;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.utils.Numeric;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crosstrust oracle ...}: the CreditOracle contract from the command line (docs/oracle.md):
 * deploy it, see its state, read an entity's record, publish a snapshot root and verify an entity
 * against it. Signing commands take the key from CROSSTRUST_ORACLE_KEY or an encrypted keystore;
 * the key is never printed.
 */
@Command(
        name = "oracle",
        mixinStandardHelpOptions = true,
        description =
                "The CreditOracle contract: deploy, status, get, snapshot, publish-snapshot, verify.",
        subcommands = {
            OracleCommand.Deploy.class,
            OracleCommand.Status.class,
            OracleCommand.Get.class,
            OracleCommand.Snapshot.class,
            OracleCommand.PublishSnapshot.class,
            OracleCommand.Verify.class,
            CommandLine.HelpCommand.class
        })
public final class OracleCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern KEY = Pattern.compile("0x[0-9a-fA-F]{64}");

    /** Which node and contract, and where the signing key comes from (a picocli mixin). */
    public static final class Connection {
        @Option(
                names = "--rpc",
                paramLabel = "URL",
                description =
                        "JSON-RPC URL of the chain's node (env CROSSTRUST_ORACLE_RPC; default http://127.0.0.1:8545).")
        String rpc;

        @Option(
                names = "--contract",
                paramLabel = "ADDRESS",
                description = "The CreditOracle's address (env CROSSTRUST_ORACLE_CONTRACT).")
        String contract;

        @Option(
                names = "--chain-id",
                paramLabel = "N",
                description = "Refuse a node that serves another chain.")
        Long chainId;

        @Option(
                names = "--keystore",
                paramLabel = "FILE",
                description =
                        "Encrypted JSON keystore of the signing key (else env "
                                + OracleKey.DEFAULT_ENV
                                + ").")
        Path keystore;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "File holding the keystore's password (first line).")
        Path passwordFile;

        String rpcUrl() {
            String url = rpc != null ? rpc : System.getenv("CROSSTRUST_ORACLE_RPC");
            return url != null ? url : "http://127.0.0.1:8545";
        }

        String contract() {
            String c = contract != null ? contract : System.getenv("CROSSTRUST_ORACLE_CONTRACT");
            if (c == null) {
                throw new IllegalArgumentException(
                        "which CreditOracle? give --contract ADDRESS or set CROSSTRUST_ORACLE_CONTRACT");
            }
            if (!ADDRESS.matcher(c).matches()) {
                throw new IllegalArgumentException("--contract must be a 0x address, got " + c);
            }
            return c;
        }

        OracleKey key() {
            if (keystore != null) {
                if (passwordFile == null) {
                    throw new IllegalArgumentException("--keystore needs --password-file");
                }
                return OracleKey.fromKeystore(keystore, passwordFile);
            }
            return OracleKey.fromEnv(OracleKey.DEFAULT_ENV);
        }

        Optional<Credentials> credentialsIfAny() {
            if (keystore == null && System.getenv(OracleKey.DEFAULT_ENV) == null) {
                return Optional.empty();
            }
            return Optional.of(key().load());
        }

        /** Connects and checks the chain id when one was given. */
        Node connect() throws IOException {
            OkHttpClient http =
                    new OkHttpClient.Builder()
                            .connectTimeout(Duration.ofSeconds(5))
                            .readTimeout(Duration.ofSeconds(60))
                            .build();
            Web3j web3j = Web3j.build(new HttpService(rpcUrl(), http, false));
            long served;
            try {
                served = web3j.ethChainId().send().getChainId().longValueExact();
            } catch (IOException | RuntimeException e) {
                web3j.shutdown();
                throw new IllegalStateException(
                        "no answer from the node at " + rpcUrl() + ": " + e.getMessage(), e);
            }
            if (chainId != null && served != chainId) {
                web3j.shutdown();
                throw new IllegalArgumentException(
                        "wrong chain: the node at "
                                + rpcUrl()
                                + " serves chain id "
                                + served
                                + ", not "
                                + chainId);
            }
            return new Node(web3j, served);
        }
    }

    /** A connected node. */
    record Node(Web3j web3j, long chainId) implements AutoCloseable {
        CreditOracle read(String contract) throws IOException {
            String code =
                    web3j.ethGetCode(contract, DefaultBlockParameterName.LATEST).send().getCode();
            if (code == null || code.equals("0x")) {
                throw new IllegalArgumentException(
                        "no contract at " + contract + " on chain " + chainId);
            }
            return CreditOracle.load(
                    contract,
                    web3j,
                    new ReadonlyTransactionManager(
                            web3j, "0x0000000000000000000000000000000000000000"),
                    new StaticEIP1559GasProvider(
                            chainId, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO));
        }

        /**
         * Fees of the moment: tip as the node suggests (1 gwei if it does not), max fee 2 x base +
         * tip.
         */
        StaticEIP1559GasProvider gas(BigInteger gasLimit) throws IOException {
            EthBlock.Block head =
                    web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                            .send()
                            .getBlock();
            BigInteger base =
                    head.getBaseFeePerGasRaw() == null ? BigInteger.ZERO : head.getBaseFeePerGas();
            BigInteger tip;
            try {
                tip = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
            } catch (IOException | RuntimeException e) {
                tip = BigInteger.valueOf(1_000_000_000L);
            }
            return new StaticEIP1559GasProvider(chainId, base.shiftLeft(1).add(tip), tip, gasLimit);
        }

        CreditOracle write(String contract, Credentials credentials, BigInteger gasLimit)
                throws IOException {
            return CreditOracle.load(
                    contract,
                    web3j,
                    new RawTransactionManager(web3j, credentials, chainId),
                    gas(gasLimit));
        }

        long now() throws IOException {
            return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send()
                    .getBlock()
                    .getTimestamp()
                    .longValueExact();
        }

        @Override
        public void close() {
            web3j.shutdown();
        }
    }

    /** An entity id, or a 0x bytes32 key as is. */
    static byte[] entityKey(String entity) {
        return KEY.matcher(entity).matches()
                ? Numeric.hexStringToByteArray(entity)
                : OracleCodes.entityKey(entity);
    }

    @Command(
            name = "deploy",
            mixinStandardHelpOptions = true,
            description =
                    "Deploys a CreditOracle signed by the key; the key's address is admin, updater and"
                            + " pauser unless other addresses are given.")
    static final class Deploy implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Connection connection;

        @Option(
                names = "--admin",
                paramLabel = "ADDRESS",
                description = "DEFAULT_ADMIN_ROLE (default: the key's address).")
        String admin;

        @Option(
                names = "--updater",
                paramLabel = "ADDRESS",
                description = "UPDATER_ROLE (default: the key's address).")
        String updater;

        @Option(
                names = "--pauser",
                paramLabel = "ADDRESS",
                description = "PAUSER_ROLE (default: the key's address).")
        String pauser;

        @Option(
                names = "--json",
                description = "End with one JSON object on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Credentials credentials = connection.key().load();
            String me = credentials.getAddress();
            String a = check(admin, me, "--admin");
            String u = check(updater, me, "--updater");
            String p = check(pauser, me, "--pauser");
            try (Node node = connection.connect()) {
                CreditOracle oracle =
                        CreditOracle.deploy(
                                        node.web3j(),
                                        new RawTransactionManager(
                                                node.web3j(), credentials, node.chainId()),
                                        node.gas(BigInteger.valueOf(3_000_000)),
                                        a,
                                        u,
                                        p)
                                .send();
                TransactionReceipt r = oracle.getTransactionReceipt().orElseThrow();
                PrintWriter out = spec.commandLine().getOut();
                out.printf(
                        "CreditOracle deployed at %s on chain %d (tx %s, block %s, %,d gas)%n"
                                + "admin %s, updater %s, pauser %s%n",
                        oracle.getContractAddress(),
                        node.chainId(),
                        r.getTransactionHash(),
                        r.getBlockNumber(),
                        r.getGasUsed(),
                        a,
                        u,
                        p);
                if (json) {
                    out.println(
                            new JsonSummary()
                                    .put("contract", oracle.getContractAddress())
                                    .put("chain_id", node.chainId())
                                    .put("tx", r.getTransactionHash())
                                    .put("block", r.getBlockNumber().longValueExact())
                                    .put("gas_used", r.getGasUsed().longValueExact())
                                    .put("admin", a)
                                    .put("updater", u)
                                    .put("pauser", p)
                                    .toJson());
                }
                out.flush();
                return 0;
            }
        }

        private static String check(String address, String fallback, String flag) {
            if (address == null) {
                return fallback;
            }
            if (!ADDRESS.matcher(address).matches()) {
                throw new IllegalArgumentException(flag + " must be a 0x address, got " + address);
            }
            return address;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "The oracle's chain, pause state, latest snapshot, and the signing key's roles"
                            + " (when a key is configured) or --account's.")
    static final class Status implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Connection connection;

        @Option(names = "--account", paramLabel = "ADDRESS", description = "Whose roles to show.")
        String account;

        @Option(
                names = "--json",
                description = "End with one JSON object on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            String contract = connection.contract();
            String who =
                    account != null
                            ? account
                            : connection
                                    .credentialsIfAny()
                                    .map(Credentials::getAddress)
                                    .orElse(null);
            try (Node node = connection.connect()) {
                CreditOracle oracle = node.read(contract);
                long head = node.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
                long now = node.now();
                boolean paused = oracle.paused().send();
                long epoch = oracle.latestEpoch().send().longValueExact();
                PrintWriter out = spec.commandLine().getOut();
                out.printf(
                        "CreditOracle %s on chain %d, block %d (%s)%n",
                        contract, node.chainId(), head, Instant.ofEpochSecond(now));
                out.printf(
                        "paused: %s%n",
                        paused ? "YES (no writes; isFresh is false for everyone)" : "no");
                JsonSummary js =
                        new JsonSummary()
                                .put("contract", contract)
                                .put("chain_id", node.chainId())
                                .put("block", head)
                                .put("paused", paused)
                                .put("latest_epoch", epoch);
                if (epoch > 0) {
                    CreditOracle.Snapshot s = oracle.snapshotOf(BigInteger.valueOf(epoch)).send();
                    out.printf(
                            "latest snapshot: epoch %d, %,d entities as of %s, root %s, published %s%n",
                            epoch,
                            s.entities,
                            Instant.ofEpochSecond(s.asOf.longValueExact()),
                            Numeric.toHexString(s.root),
                            Instant.ofEpochSecond(s.publishedAt.longValueExact()));
                    js.put("snapshot_root", Numeric.toHexString(s.root))
                            .put("snapshot_entities", s.entities.longValueExact());
                } else {
                    out.println("no snapshot published yet");
                }
                if (who != null) {
                    boolean isUpdater = oracle.hasRole(oracle.UPDATER_ROLE().send(), who).send();
                    boolean isPauser = oracle.hasRole(oracle.PAUSER_ROLE().send(), who).send();
                    boolean isAdmin =
                            oracle.hasRole(oracle.DEFAULT_ADMIN_ROLE().send(), who).send();
                    BigInteger balance =
                            node.web3j()
                                    .ethGetBalance(who, DefaultBlockParameterName.LATEST)
                                    .send()
                                    .getBalance();
                    BigInteger mined =
                            node.web3j()
                                    .ethGetTransactionCount(who, DefaultBlockParameterName.LATEST)
                                    .send()
                                    .getTransactionCount();
                    BigInteger pending =
                            node.web3j()
                                    .ethGetTransactionCount(who, DefaultBlockParameterName.PENDING)
                                    .send()
                                    .getTransactionCount();
                    out.printf(
                            "%s: updater %s, pauser %s, admin %s; balance %s wei; nonce %s (%s pending)%n",
                            who,
                            yes(isUpdater),
                            yes(isPauser),
                            yes(isAdmin),
                            balance,
                            mined,
                            pending.subtract(mined));
                    js.put("account", who)
                            .put("updater", isUpdater)
                            .put("pauser", isPauser)
                            .put("admin", isAdmin)
                            .put("balance_wei", balance.toString())
                            .put("nonce", mined.longValueExact())
                            .put("pending_txs", pending.subtract(mined).longValueExact());
                }
                if (json) {
                    out.println(js.toJson());
                }
                out.flush();
                return 0;
            }
        }

        private static String yes(boolean b) {
            return b ? "yes" : "no";
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "An entity's on-chain record; exit code 1 when it has none.")
    static final class Get implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Connection connection;

        @Parameters(paramLabel = "ENTITY", description = "Entity id (or its 0x bytes32 key).")
        String entity;

        @Option(
                names = "--max-age",
                paramLabel = "DURATION",
                defaultValue = "P1D",
                description =
                        "Age below which the record counts as fresh, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration maxAge;

        @Option(
                names = "--json",
                description = "End with one JSON object on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            String contract = connection.contract();
            byte[] key = entityKey(entity);
            try (Node node = connection.connect()) {
                CreditOracle oracle = node.read(contract);
                CreditOracle.Record r = oracle.recordOf(key).send();
                boolean fresh = oracle.isFresh(key, BigInteger.valueOf(maxAge.toSeconds())).send();
                PrintWriter out = spec.commandLine().getOut();
                JsonSummary js =
                        new JsonSummary()
                                .put("entity", entity)
                                .put("key", Numeric.toHexString(key));
                if (r.version.signum() == 0) {
                    out.printf(
                            "%s (%s): no record on CreditOracle %s%n",
                            entity, Numeric.toHexString(key), contract);
                    js.put("exists", false);
                    if (json) {
                        out.println(js.toJson());
                    }
                    out.flush();
                    return 1;
                }
                int pdBucket = r.pdBucket.intValueExact();
                long age = node.now() - r.updatedAt.longValueExact();
                out.printf(
                        "%s: score %s, grade %s, PD ~%.3f %% (bucket %d), model %s, version %s,"
                                + " written %s (%d s ago), %s for %s%n",
                        entity,
                        r.score,
                        OracleCodes.gradeName(r.grade.intValueExact()),
                        OracleCodes.pdOf(pdBucket) * 100,
                        pdBucket,
                        OracleCodes.modelVersionText(r.modelVersion.longValueExact()),
                        r.version,
                        Instant.ofEpochSecond(r.updatedAt.longValueExact()),
                        age,
                        fresh ? "fresh" : "NOT fresh",
                        maxAge);
                js.put("exists", true)
                        .put("score", r.score.intValueExact())
                        .put("grade", OracleCodes.gradeName(r.grade.intValueExact()))
                        .put("pd_bucket", pdBucket)
                        .put(
                                "model_version",
                                OracleCodes.modelVersionText(r.modelVersion.longValueExact()))
                        .put("version", r.version.longValueExact())
                        .put("updated_at", r.updatedAt.longValueExact())
                        .put("fresh", fresh);
                if (json) {
                    out.println(js.toJson());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(
            name = "snapshot",
            mixinStandardHelpOptions = true,
            description =
                    "Writes the full score table (every entity's latest score in ClickHouse"
                            + " credit_scores_latest) as a snapshot file for publish-snapshot and"
                            + " verify.")
    static final class Snapshot implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE",
                description = "Where to write the snapshot (JSON, StandardMerkleTree dump).")
        Path out;

        @Option(
                names = "--clickhouse",
                paramLabel = "URL",
                description =
                        "ClickHouse HTTP URL (env CROSSTRUST_CLICKHOUSE; default: the running"
                                + " `run`'s, from its endpoints file). Password from env"
                                + " CROSSTRUST_CLICKHOUSE_PASSWORD or --clickhouse-password-file.")
        String clickhouse;

        @Option(
                names = "--clickhouse-password-file",
                paramLabel = "FILE",
                description = "File whose first line is the ClickHouse password.")
        Path passwordFile;

        @Option(
                names = "--database",
                paramLabel = "NAME",
                defaultValue = LocalStack.DATABASE,
                description = "Database holding credit_scores_latest (default: ${DEFAULT-VALUE}).")
        String database;

        @Option(
                names = "--work-dir",
                paramLabel = "DIR",
                description = "Work dir of the running `run` (default: .crosstrust/run).")
        Path workDir;

        @Option(
                names = "--json",
                description = "End with one JSON object on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Map<String, String> flags = new HashMap<>();
            flags.put("clickhouse", clickhouse);
            Map<String, String> env = System.getenv();
            StackSettings settings = StackSettings.resolve(flags, env, null);
            if (settings.embeddedClickHouse()) {
                settings =
                        StackSettings.ofRunning(
                                workDir,
                                flags,
                                env,
                                "ClickHouse to read",
                                "--clickhouse URL or CROSSTRUST_CLICKHOUSE");
            }
            String password = settings.clickhousePassword();
            if (passwordFile != null) {
                if (!Files.isReadable(passwordFile)) {
                    throw new IllegalArgumentException(
                            "--clickhouse-password-file " + passwordFile + " is not readable");
                }
                password = Files.readAllLines(passwordFile).stream().findFirst().orElse("");
            }
            OracleSnapshot snapshot =
                    ScoreSnapshots.latest(
                            ClickHouseConnection.of(
                                    settings.clickhouse(),
                                    settings.clickhouseUser(),
                                    password,
                                    database));
            snapshot.save(out);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(
                    "snapshot of %,d entities' latest scores, root %s, written to %s%n",
                    snapshot.entries().size(), Numeric.toHexString(snapshot.root()), out);
            if (json) {
                w.println(
                        new JsonSummary()
                                .put("entities", snapshot.entries().size())
                                .put("root", Numeric.toHexString(snapshot.root()))
                                .put("file", out.toString())
                                .toJson());
            }
            w.flush();
            return 0;
        }
    }

    @Command(
            name = "publish-snapshot",
            mixinStandardHelpOptions = true,
            description =
                    "Publishes the root of a snapshot file (a StandardMerkleTree dump, \"standard-v1\","
                            + " with the oracle's leaf encoding) as the next epoch.")
    static final class PublishSnapshot implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Connection connection;

        @Parameters(paramLabel = "FILE", description = "The snapshot dump (JSON).")
        Path file;

        @Option(
                names = "--epoch",
                paramLabel = "N",
                description = "Epoch (default: the latest + 1).")
        Long epoch;

        @Option(
                names = "--as-of",
                paramLabel = "INSTANT",
                description = "Time the scores are as of (default: now on the chain).")
        Instant asOf;

        @Option(
                names = "--json",
                description = "End with one JSON object on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            OracleSnapshot snapshot = load(file);
            String contract = connection.contract();
            Credentials credentials = connection.key().load();
            try (Node node = connection.connect()) {
                CreditOracle reader = node.read(contract);
                long e = epoch != null ? epoch : reader.latestEpoch().send().longValueExact() + 1;
                long t = asOf != null ? asOf.getEpochSecond() : node.now();
                TransactionReceipt r =
                        node.write(contract, credentials, BigInteger.valueOf(200_000))
                                .publishSnapshot(
                                        BigInteger.valueOf(e),
                                        snapshot.root(),
                                        BigInteger.valueOf(snapshot.entries().size()),
                                        BigInteger.valueOf(t))
                                .send();
                PrintWriter out = spec.commandLine().getOut();
                out.printf(
                        "published snapshot epoch %d: %,d entities, root %s (tx %s, %,d gas)%n",
                        e,
                        snapshot.entries().size(),
                        Numeric.toHexString(snapshot.root()),
                        r.getTransactionHash(),
                        r.getGasUsed());
                if (json) {
                    out.println(
                            new JsonSummary()
                                    .put("epoch", e)
                                    .put("entities", snapshot.entries().size())
                                    .put("root", Numeric.toHexString(snapshot.root()))
                                    .put("tx", r.getTransactionHash())
                                    .put("gas_used", r.getGasUsed().longValueExact())
                                    .toJson());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description =
                    "Proves an entity's score from a snapshot file against the root published on-chain"
                            + " (CreditOracle.verify); exit code 1 when it does not verify.")
    static final class Verify implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Connection connection;

        @Parameters(paramLabel = "ENTITY", description = "Entity id (or its 0x bytes32 key).")
        String entity;

        @Option(
                names = "--snapshot",
                required = true,
                paramLabel = "FILE",
                description = "The snapshot dump the root was published from.")
        Path file;

        @Option(
                names = "--epoch",
                paramLabel = "N",
                description = "Epoch to verify against (default: the latest).")
        Long epoch;

        @Option(
                names = "--json",
                description = "End with one JSON object on the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            OracleSnapshot snapshot = load(file);
            byte[] key = entityKey(entity);
            OracleEntry e =
                    snapshot.entry(key)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    entity + " is not in the snapshot " + file));
            List<byte[]> proof = snapshot.proof(key).orElseThrow();
            String contract = connection.contract();
            try (Node node = connection.connect()) {
                CreditOracle oracle = node.read(contract);
                long ep = epoch != null ? epoch : oracle.latestEpoch().send().longValueExact();
                if (ep == 0) {
                    throw new IllegalArgumentException(
                            "no snapshot published on " + contract + " yet");
                }
                byte[] root = oracle.snapshotOf(BigInteger.valueOf(ep)).send().root;
                if (Arrays.equals(root, new byte[32])) {
                    throw new IllegalArgumentException(
                            "no snapshot with epoch " + ep + " on " + contract);
                }
                boolean verified =
                        oracle.verify(key, e.scoreLeaf(), proof, BigInteger.valueOf(ep)).send();
                boolean sameRoot = Arrays.equals(root, snapshot.root());
                PrintWriter out = spec.commandLine().getOut();
                out.printf(
                        "%s in snapshot %s: score %d, grade %s, PD bucket %d, model %s, version %d;"
                                + " proof of %d hashes against epoch %d: %s%n",
                        entity,
                        file.getFileName(),
                        e.score(),
                        OracleCodes.gradeName(e.grade()),
                        e.pdBucket(),
                        OracleCodes.modelVersionText(e.modelVersion()),
                        e.version(),
                        proof.size(),
                        ep,
                        verified ? "VERIFIED on-chain" : "NOT verified");
                if (!sameRoot) {
                    out.printf(
                            "the file's root %s is not the root published at epoch %d (%s)%n",
                            Numeric.toHexString(snapshot.root()), ep, Numeric.toHexString(root));
                }
                if (json) {
                    out.println(
                            new JsonSummary()
                                    .put("entity", entity)
                                    .put("epoch", ep)
                                    .put("verified", verified)
                                    .put("same_root", sameRoot)
                                    .put("score", e.score())
                                    .put("grade", OracleCodes.gradeName(e.grade()))
                                    .put("version", e.version())
                                    .put("proof_length", proof.size())
                                    .toJson());
                }
                out.flush();
                return verified ? 0 : 1;
            }
        }
    }

    static OracleSnapshot load(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + " is not a readable file");
        }
        try {
            return OracleSnapshot.load(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    file + " is not an oracle snapshot: " + e.getMessage());
        }
    }
}
