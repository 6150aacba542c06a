package io.crosstrust.sinks.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.contracts.CreditOracle;
import io.crosstrust.ingest.chain.oracle.OracleCodes;
import io.crosstrust.ingest.chain.oracle.OracleEntry;
import io.crosstrust.ingest.chain.oracle.OracleRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/** Reads what the oracle holds and what it was sent, straight from the node (test side). */
final class OracleChainView {
    /** One entity update as a ScoresUpdated event carried it. */
    record Posted(String entityHex, long version, int score, int grade, String txHash) {}

    private final LocalChainClient chain;
    private final CreditOracle oracle;

    OracleChainView(LocalChainClient chain, CreditOracle oracle) {
        this.chain = chain;
        this.oracle = oracle;
    }

    /** Every ScoresUpdated event's entries, in chain order; one list per event (= transaction). */
    List<List<Posted>> events() {
        EthFilter filter =
                new EthFilter(
                        DefaultBlockParameterName.EARLIEST,
                        DefaultBlockParameterName.LATEST,
                        oracle.getContractAddress());
        filter.addSingleTopic(org.web3j.abi.EventEncoder.encode(CreditOracle.SCORESUPDATED_EVENT));
        List<List<Posted>> out = new ArrayList<>();
        try {
            for (EthLog.LogResult<?> r : chain.web3j().ethGetLogs(filter).send().getLogs()) {
                Log log = (Log) r.get();
                CreditOracle.ScoresUpdatedEventResponse e =
                        CreditOracle.getScoresUpdatedEventFromLog(log);
                ByteBuffer b = ByteBuffer.wrap(e.updates);
                List<Posted> entries = new ArrayList<>();
                while (b.hasRemaining()) {
                    byte[] entity = new byte[32];
                    b.get(entity);
                    long version = b.getLong();
                    b.getInt();
                    int score = b.getShort() & 0xFFFF;
                    int grade = b.get() & 0xFF;
                    b.get();
                    entries.add(
                            new Posted(
                                    Numeric.toHexString(entity),
                                    version,
                                    score,
                                    grade,
                                    log.getTransactionHash()));
                }
                out.add(entries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    List<Posted> allPosted() {
        return events().stream().flatMap(List::stream).toList();
    }

    OracleRecord record(String entityId) {
        try {
            List<?> words = oracle.packedRecordsOf(List.of(OracleCodes.entityKey(entityId))).send();
            return OracleRecord.unpack((BigInteger) words.get(0));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    long nonce(String address, boolean pending) {
        try {
            return chain.web3j()
                    .ethGetTransactionCount(
                            address,
                            pending
                                    ? DefaultBlockParameterName.PENDING
                                    : DefaultBlockParameterName.LATEST)
                    .send()
                    .getTransactionCount()
                    .longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks what the oracle was sent: no (entity, version) twice, every transaction between 1 and
     * {@code batch} entities, and the updater's mined nonce = the oracle transactions with nothing
     * pending (no gap, nothing stuck).
     *
     * @return the events, one per transaction
     */
    List<List<Posted>> assertPostedOnceWithoutNonceGap(String updater, int batch) {
        List<List<Posted>> events = events();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (List<Posted> e : events) {
            assertThat(e.size()).isBetween(1, batch);
            for (Posted p : e) {
                assertThat(seen.add(p.entityHex() + "/" + p.version()))
                        .as("posted twice: " + p)
                        .isTrue();
            }
        }
        long mined = nonce(updater, false);
        assertThat(mined)
                .as("every nonce of the updater is one oracle transaction")
                .isEqualTo(events.size());
        assertThat(nonce(updater, true)).as("nothing left pending").isEqualTo(mined);
        return events;
    }

    /** True when the on-chain record carries exactly this entry's fields. */
    static boolean same(OracleRecord r, OracleEntry e) {
        return r.version() == e.version() && e.sameScoreAs(r);
    }
}
