package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.contracts.TradeCreditLine;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple2;

/**
 * The sample consumer on a real anvil beside a real CreditOracle: the limit follows the grade up
 * and down, draws above it are refused, a stale score, a missing score and a paused oracle stop
 * lending (repaying never needs a score), and only lenders open lines and set limits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TradeCreditLineITCase {
    private static final BigInteger USD = BigInteger.TEN.pow(6);
    private static final long MAX_AGE = 86_400;

    private AnvilNode node;
    private LocalChainClient chain;
    private String admin;
    private String updater;
    private String pauser;
    private String borrower;
    private String stranger;
    private CreditOracle oracle;
    private TradeCreditLine lines;
    private long version;

    /** AAA 1,000,000 USD down to 0 for CC, C and D. */
    private static List<BigInteger> limits() {
        long[] units = {1_000_000, 800_000, 600_000, 400_000, 200_000, 100_000, 20_000, 0, 0, 0};
        List<BigInteger> l = new ArrayList<>();
        for (long u : units) {
            l.add(USD.multiply(BigInteger.valueOf(u)));
        }
        return l;
    }

    @BeforeAll
    void deploy(@TempDir Path dir) throws Exception {
        node = AnvilNode.start(dir, 0, Duration.ZERO);
        chain = LocalChainClient.connect(node.rpcUrl());
        List<String> a = chain.accounts();
        admin = a.get(0);
        updater = a.get(1);
        pauser = a.get(2);
        borrower = a.get(3);
        stranger = a.get(4);
        oracle = chain.deployOracle(admin, updater, pauser);
        lines =
                TradeCreditLine.deploy(
                                chain.web3j(),
                                chain.manager(admin),
                                LocalChainClient.GAS,
                                admin,
                                oracle.getContractAddress(),
                                limits(),
                                BigInteger.valueOf(MAX_AGE))
                        .send();
    }

    @AfterAll
    void stop() {
        chain.close();
        node.close();
    }

    private TradeCreditLine as(String from) {
        return TradeCreditLine.load(
                lines.getContractAddress(),
                chain.web3j(),
                chain.manager(from),
                LocalChainClient.GAS);
    }

    private CreditOracle oracleAs(String from) {
        return CreditOracle.load(
                oracle.getContractAddress(),
                chain.web3j(),
                chain.manager(from),
                LocalChainClient.GAS);
    }

    private void score(byte[] entity, String grade) throws Exception {
        OracleEntry e =
                new OracleEntry(
                        entity, ++version, 1_000_000, 700, OracleCodes.gradeCode(grade), 100);
        oracleAs(updater).updateBatch(OracleEntry.encodeBatch(List.of(e))).send();
    }

    private void assertReverts(String from, RemoteFunctionCall<?> call, String error) {
        String data = chain.revertData(from, lines.getContractAddress(), call.encodeFunctionCall());
        assertThat(data)
                .as("revert data of " + error)
                .startsWith(Hash.sha3String(error).substring(0, 10));
    }

    private static BigInteger usd(long units) {
        return USD.multiply(BigInteger.valueOf(units));
    }

    @Test
    void theLimitFollowsTheGradeAndDrawsAboveItAreRefused() throws Exception {
        byte[] entity = OracleCodes.entityKey("credit-line-borrower-1");
        TransactionReceipt opened = lines.openLine(borrower, entity).send();
        assertThat(TradeCreditLine.getLineOpenedEvents(opened).get(0).entity).isEqualTo(entity);
        assertReverts(admin, lines.openLine(borrower, entity), "LineExists(address)");
        // no score yet: no lending
        assertReverts(borrower, as(borrower).draw(usd(1)), "StaleScore(bytes32,uint40,uint256)");

        score(entity, "BBB");
        Tuple2<BigInteger, BigInteger> limit = lines.limitOf(borrower).send();
        assertThat(limit.component1()).isEqualTo(usd(400_000));
        assertThat(limit.component2()).isEqualTo(BigInteger.valueOf(4));
        TransactionReceipt drawn = as(borrower).draw(usd(300_000)).send();
        TradeCreditLine.DrawnEventResponse d = TradeCreditLine.getDrawnEvents(drawn).get(0);
        assertThat(d.drawn).isEqualTo(usd(300_000));
        assertThat(d.grade).isEqualTo(BigInteger.valueOf(4));
        assertThat(lines.availableOf(borrower).send()).isEqualTo(usd(100_000));
        assertReverts(
                borrower,
                as(borrower).draw(usd(100_000).add(BigInteger.ONE)),
                "LimitExceeded(address,uint256,uint256)");

        // upgrade: more room at once
        score(entity, "AA");
        assertThat(lines.availableOf(borrower).send()).isEqualTo(usd(500_000));
        as(borrower).draw(usd(500_000)).send();
        assertThat(lines.availableOf(borrower).send()).isZero();

        // downgrade below what is drawn: nothing more, repaying still works
        score(entity, "CCC");
        assertThat(lines.limitOf(borrower).send().component1()).isEqualTo(usd(20_000));
        assertThat(lines.availableOf(borrower).send()).isZero();
        assertReverts(
                borrower, as(borrower).draw(usd(1)), "LimitExceeded(address,uint256,uint256)");
        as(borrower).repay(usd(790_000)).send();
        assertThat(lines.availableOf(borrower).send()).isEqualTo(usd(10_000));
        as(borrower).draw(usd(10_000)).send();
        assertReverts(
                borrower, as(borrower).repay(usd(20_001)), "RepayTooMuch(address,uint256,uint256)");
        // a D grade lends nothing
        score(entity, "D");
        assertThat(lines.availableOf(borrower).send()).isZero();
        as(borrower).repay(usd(20_000)).send();
        assertThat(lines.lineOf(borrower).send().drawn).isZero();
        lines.closeLine(borrower).send();
        assertReverts(borrower, as(borrower).draw(usd(1)), "NoLine(address)");
    }

    @Test
    void aStaleScoreOrAPausedOracleStopsLendingButNotRepaying() throws Exception {
        String who = chain.accounts().get(5);
        byte[] entity = OracleCodes.entityKey("credit-line-borrower-2");
        lines.openLine(who, entity).send();
        score(entity, "A");
        as(who).draw(usd(1_000)).send();

        // the oracle is paused: it vouches for nothing
        oracleAs(pauser).pause().send();
        try {
            assertReverts(who, as(who).draw(usd(1)), "StaleScore(bytes32,uint40,uint256)");
            as(who).repay(usd(500)).send();
        } finally {
            oracleAs(pauser).unpause().send();
        }
        as(who).draw(usd(1)).send();

        // older than maxScoreAge: refused until a new score arrives
        chain.increaseTime(MAX_AGE + 1);
        chain.mine();
        assertReverts(who, as(who).draw(usd(1)), "StaleScore(bytes32,uint40,uint256)");
        assertReverts(who, lines.limitOf(who), "StaleScore(bytes32,uint40,uint256)");
        as(who).repay(usd(1)).send();
        score(entity, "A");
        as(who).draw(usd(1)).send();
        assertThat(lines.lineOf(who).send().drawn).isEqualTo(usd(500).add(usd(1)));
    }

    @Test
    void onlyLendersOpenLinesAndLimitsMustNotGrowAsGradesWorsen() throws Exception {
        assertReverts(
                stranger,
                as(stranger).openLine(stranger, OracleCodes.entityKey("x")),
                "AccessControlUnauthorizedAccount(address,bytes32)");
        assertReverts(
                stranger,
                as(stranger).setLimits(limits(), BigInteger.ONE),
                "AccessControlUnauthorizedAccount(address,bytes32)");
        List<BigInteger> growing = new ArrayList<>(limits());
        growing.set(5, usd(2_000_000));
        assertReverts(admin, lines.setLimits(growing, BigInteger.ONE), "InvalidLimits(string)");
        assertReverts(admin, lines.setLimits(limits(), BigInteger.ZERO), "InvalidLimits(string)");
        assertReverts(
                admin,
                lines.openLine(
                        "0x0000000000000000000000000000000000000000", OracleCodes.entityKey("x")),
                "InvalidLimits(string)");
        assertReverts(stranger, as(stranger).repay(usd(1)), "NoLine(address)");
        TransactionReceipt r = lines.setLimits(limits(), BigInteger.valueOf(MAX_AGE)).send();
        assertThat(TradeCreditLine.getLimitsSetEvents(r)).hasSize(1);
        assertThat(lines.maxScoreAge().send()).isEqualTo(BigInteger.valueOf(MAX_AGE));
    }
}
