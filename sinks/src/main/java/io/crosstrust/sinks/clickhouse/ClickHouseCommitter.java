package io.crosstrust.sinks.clickhouse;

import java.io.IOException;
import java.util.Collection;
import java.util.function.Supplier;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit phase of an exactly-once {@link ClickHouseSink}: inserts each {@link ClickHouseBatch}
 * once the checkpoint it belongs to has completed (Flink calls {@link #commit} from {@code
 * notifyCheckpointComplete}, and again on restore for batches of the restored checkpoint whose
 * commit may or may not have happened).
 *
 * <p>Idempotence: a batch inserted again (a retry after a failed or unacknowledged insert, or a
 * re-commit after a restore) writes rows identical to the first copy; the tables are
 * ReplacingMergeTrees keyed on the record's idempotency key, so the copies collapse (on merge, and
 * under {@code FINAL}). ClickHouse 18.16 has no insert deduplication for non-replicated tables, so
 * nothing is skipped at insert time.
 *
 * <p>Failures: a transient one (network, overload, "too many parts") marks the request {@link
 * CommitRequest#retryLater()} after waiting the sink's backoff; Flink calls {@link #commit} again
 * at once, up to its own {@code sink.committer.retries} (default 10) and this sink's {@code
 * maxRetries}, whichever ends first, then fails the job, which restores and commits again. A
 * permanent one (unknown table or column, bad credentials, rows the server cannot parse) fails the
 * job at once through {@link CommitRequest#signalFailedWithUnknownReason}: in Flink 2.2 {@code
 * signalFailedWithKnownReason} would drop the batch and go on, losing its rows.
 */
final class ClickHouseCommitter implements Committer<ClickHouseBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseCommitter.class);

    private final String database;
    private final Supplier<RowBinaryInserter> inserterFactory;
    private final Backoff backoff;
    private final ClickHouseSinkWriter.Sleeper sleeper;
    private RowBinaryInserter inserter;

    ClickHouseCommitter(
            String database,
            Supplier<RowBinaryInserter> inserterFactory,
            Backoff backoff,
            ClickHouseSinkWriter.Sleeper sleeper) {
        this.database = ClickHouseIdentifier.check(database, "database");
        this.inserterFactory = inserterFactory;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    @Override
    public void commit(Collection<CommitRequest<ClickHouseBatch>> requests)
            throws IOException, InterruptedException {
        long wait = 0;
        for (CommitRequest<ClickHouseBatch> request : requests) {
            ClickHouseBatch batch = request.getCommittable();
            String table = ClickHouseIdentifier.qualified(database, batch.table());
            int attempt = request.getNumberOfRetries() + 1;
            try {
                inserter().insert(table, batch.columns(), batch.contents());
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                boolean transientFailure = ClickHouseSinkWriter.isTransient(e);
                if (transientFailure && attempt <= backoff.maxRetries()) {
                    long delay = backoff.delayMillis(attempt);
                    LOG.warn(
                            "commit of {} rows into {} (batch {}) failed (attempt {} of {}),"
                                    + " retrying in {} ms: {}",
                            batch.rows(),
                            table,
                            batch.id(),
                            attempt,
                            backoff.maxRetries() + 1,
                            delay,
                            e.toString());
                    wait = Math.max(wait, delay);
                    request.retryLater();
                    continue;
                }
                IOException failure =
                        ClickHouseSinkWriter.failure(
                                "commit of "
                                        + batch.rows()
                                        + " rows into "
                                        + table
                                        + " (batch "
                                        + batch.id()
                                        + ")",
                                transientFailure,
                                attempt,
                                e);
                // Flink's request throws here and fails the job; should it ever return instead,
                // the requests after this one must not count as committed: throw ourselves.
                request.signalFailedWithUnknownReason(failure);
                throw failure;
            }
        }
        if (wait > 0) {
            // Flink re-calls commit for the retried requests at once: the backoff happens here.
            sleeper.sleep(wait);
        }
    }

    private RowBinaryInserter inserter() {
        if (inserter == null) {
            inserter = inserterFactory.get(); // a sink in at-least-once mode never commits
        }
        return inserter;
    }

    @Override
    public void close() {
        if (inserter != null) {
            inserter.close();
        }
    }
}
