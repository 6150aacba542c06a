package io.crosstrust.sinks.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.ingest.chain.RetryPolicy;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * The poster against an in-memory chain, on a fake clock: the same signed bytes are re-sent after
 * transport failures (no nonce burnt or skipped), a stuck transaction is replaced with fees 25 %
 * higher and confirmed under its new hash, confirmations are counted, a nonce used by someone else
 * and a node of another chain or a key without the role fail with a clear message.
 */
class OraclePosterTest {
    private final FakeOracleChain chain = new FakeOracleChain();
    private final AtomicLong clock = new AtomicLong();
    private final List<Long> sleeps = new ArrayList<>();
    private final OracleSinkMetrics metrics = new OracleSinkMetrics();

    private OraclePoster poster(long chainId, int confirmations) {
        OraclePoster.Settings settings =
                new OraclePoster.Settings(
                        "0x" + "11".repeat(20),
                        chainId,
                        100,
                        10_000_000,
                        confirmations,
                        BigInteger.valueOf(100_000_000_000L),
                        BigInteger.valueOf(1_000_000_000L),
                        Duration.ofSeconds(30),
                        4,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(5),
                        new RetryPolicy(
                                Duration.ofMillis(100),
                                Duration.ofSeconds(2),
                                Duration.ofMinutes(1)));
        return new OraclePoster(
                chain,
                Credentials.create(OracleTestScores.UPDATER_KEY),
                settings,
                metrics,
                ms -> {
                    sleeps.add(ms);
                    clock.addAndGet(ms * 1_000_000);
                },
                clock::get);
    }

    private static List<OracleEntry> entries(int n) {
        List<OracleEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new OracleEntry(OracleCodes.entityKey("p" + i), 1, 1_000_000, 700, 4, 100));
        }
        return out;
    }

    @Test
    void transportFailuresResendTheSameSignedTransaction() throws Exception {
        OraclePoster p = poster(31337, 1);
        p.start();
        chain.failNextSendsBeforeDelivery = 2;
        chain.failNextSendsAfterDelivery = 1; // the node got it but the reply was lost
        p.post(entries(3));
        p.awaitConfirmed();
        assertThat(new HashSet<>(chain.sent)).as("one signed transaction, sent twice").hasSize(1);
        assertThat(chain.sent).hasSize(2);
        assertThat(chain.minedNonce).isEqualTo(1);
        assertThat(p.nextNonce()).isEqualTo(BigInteger.ONE);
        assertThat(metrics.snapshot().rpcRetries()).isEqualTo(3);
        assertThat(metrics.snapshot().posted()).isEqualTo(3);
        assertThat(metrics.snapshot().transactions()).isEqualTo(1);
        assertThat(sleeps).startsWith(100L, 200L);
    }

    @Test
    void aStuckTransactionIsReplacedWithHigherFeesAndConfirmedUnderItsNewHash() throws Exception {
        OraclePoster p = poster(31337, 3);
        p.start();
        chain.autoMine = false;
        p.post(entries(2));
        assertThat(chain.pool).hasSize(1);
        BigInteger firstFee = FakeOracleChain.fee(chain.pool.firstEntry().getValue());
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        p.poll();
        assertThat(metrics.snapshot().replacements()).isEqualTo(1);
        String replacement = chain.pool.firstEntry().getValue();
        assertThat(FakeOracleChain.fee(replacement))
                .isGreaterThanOrEqualTo(
                        firstFee.multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4)));
        chain.mine();
        p.poll();
        assertThat(p.pending()).as("1 of 3 confirmations").isEqualTo(1);
        chain.head += 2;
        p.poll();
        assertThat(p.pending()).isZero();
        assertThat(metrics.snapshot().posted()).isEqualTo(2);
        assertThat(chain.minedNonce).isEqualTo(1);
    }

    @Test
    void aNonceUsedBySomeoneElseFailsTheSink() throws Exception {
        OraclePoster p = poster(31337, 1);
        p.start();
        chain.autoMine = false;
        p.post(entries(1));
        chain.foreignTransaction();
        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThatThrownBy(p::poll)
                .isInstanceOf(OracleSinkException.class)
                .hasMessageContaining("nonce 0")
                .hasMessageContaining("did not send");
    }

    @Test
    void aPreviousRunsPendingTransactionsAreWaitedFor() throws Exception {
        chain.autoMine = false;
        chain.pool.put(0L, "0xpending");
        OraclePoster p = poster(31337, 1);
        assertThatThrownBy(p::start)
                .isInstanceOf(OracleSinkException.class)
                .hasMessageContaining("still pending after PT10S");
        chain.pool.clear();
        chain.minedNonce = 1;
        OraclePoster again = poster(31337, 1);
        again.start();
        assertThat(again.nextNonce()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void wrongChainAndWrongKeyFailAtStartWithAClearMessage() {
        assertThatThrownBy(() -> poster(1, 1).start())
                .isInstanceOf(OracleSinkException.class)
                .hasMessageContaining("wrong chain: the node serves chain id 31337")
                .hasMessageContaining("configured for chain id 1");
        chain.updater = false;
        OraclePoster p = poster(31337, 1);
        assertThatThrownBy(p::start)
                .isInstanceOf(OracleSinkException.class)
                .hasMessageContaining("wrong key")
                .hasMessageContaining(p.address())
                .hasMessageContaining("has no UPDATER_ROLE");
    }

    @Test
    void feesAreBumpedByAQuarterAndCapped() throws Exception {
        OraclePoster p = poster(31337, 1);
        OraclePoster.Fees old =
                new OraclePoster.Fees(BigInteger.valueOf(1_000), BigInteger.valueOf(10_000), null);
        OraclePoster.Fees market =
                new OraclePoster.Fees(BigInteger.valueOf(500), BigInteger.valueOf(11_000), null);
        OraclePoster.Fees bumped = p.bump(old, market);
        assertThat(bumped.maxPriorityFee()).isEqualTo(BigInteger.valueOf(1_251));
        assertThat(bumped.maxFee()).isEqualTo(BigInteger.valueOf(12_501));
        OraclePoster.Fees high =
                new OraclePoster.Fees(
                        BigInteger.valueOf(90_000_000_000L),
                        BigInteger.valueOf(99_000_000_000L),
                        null);
        OraclePoster.Fees capped = p.bump(high, market);
        assertThat(capped.maxFee()).isEqualTo(BigInteger.valueOf(100_000_000_000L));
        assertThat(p.bump(capped, market)).as("at the cap nothing changes").isEqualTo(capped);
    }
}
