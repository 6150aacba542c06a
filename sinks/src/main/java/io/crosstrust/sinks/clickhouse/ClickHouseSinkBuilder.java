package io.crosstrust.sinks.clickhouse;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Builds a {@link ClickHouseSink}; {@link #build()} checks every setting. Required: connection and
 * encoder. Defaults: {@link DeliveryGuarantee#EXACTLY_ONCE} (rows inserted after their checkpoint
 * completed), batch size {@value #DEFAULT_BATCH_SIZE} rows, at most {@value
 * #DEFAULT_MAX_BATCH_BYTES} bytes per insert, {@value #DEFAULT_MAX_RETRIES} retries with backoff
 * from 100 ms doubling up to 10 s (about 45 s in all: long enough for a server restart).
 */
public final class ClickHouseSinkBuilder<T> {
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    public static final int MAX_BATCH_SIZE = 1_000_000;
    public static final int DEFAULT_MAX_BATCH_BYTES = 32 * 1024 * 1024;
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    private ClickHouseConnection connection;
    private ClickHouseRowEncoder<T> encoder;
    private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.EXACTLY_ONCE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

    ClickHouseSinkBuilder() {}

    public ClickHouseSinkBuilder<T> setConnection(ClickHouseConnection connection) {
        this.connection = connection;
        return this;
    }

    public ClickHouseSinkBuilder<T> setEncoder(ClickHouseRowEncoder<T> encoder) {
        this.encoder = encoder;
        return this;
    }

    /**
     * {@link DeliveryGuarantee#EXACTLY_ONCE} (default): rows are inserted after their checkpoint
     * completed, one checkpoint later, and a failed attempt leaves none behind. {@link
     * DeliveryGuarantee#AT_LEAST_ONCE}: rows are inserted before each checkpoint barrier (and when
     * a batch fills), one checkpoint sooner, but rows of a failed attempt stay even when its replay
     * computes different records. {@code NONE} is refused.
     */
    public ClickHouseSinkBuilder<T> setDeliveryGuarantee(DeliveryGuarantee deliveryGuarantee) {
        this.deliveryGuarantee = deliveryGuarantee;
        return this;
    }

    /**
     * Rows per insert, 1..{@value #MAX_BATCH_SIZE}; a checkpoint cuts a batch short. Exactly-once
     * splits each checkpoint's rows into batches of this size.
     */
    public ClickHouseSinkBuilder<T> setBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** Encoded bytes per insert, at least 1 KiB: caps memory when rows are large. */
    public ClickHouseSinkBuilder<T> setMaxBatchBytes(int maxBatchBytes) {
        this.maxBatchBytes = maxBatchBytes;
        return this;
    }

    /** Retries of a transiently failed insert, 0..100; 0 fails at the first error. */
    public ClickHouseSinkBuilder<T> setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
        return this;
    }

    /** Wait before the first retry, doubled for each further retry up to {@code max}. */
    public ClickHouseSinkBuilder<T> setRetryBackoff(Duration initial, Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    public ClickHouseSink<T> build() {
        checkNotNull(connection, "connection must be set");
        checkNotNull(encoder, "encoder must be set");
        checkNotNull(deliveryGuarantee, "deliveryGuarantee must be set");
        checkArgument(
                deliveryGuarantee != DeliveryGuarantee.NONE,
                "deliveryGuarantee NONE is not offered by the ClickHouse sink: use EXACTLY_ONCE"
                        + " or AT_LEAST_ONCE");
        checkNotNull(initialBackoff, "initialBackoff must be set");
        checkNotNull(maxBackoff, "maxBackoff must be set");
        checkArgument(
                batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
                "batchSize must be in 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
        checkArgument(
                maxBatchBytes >= 1024, "maxBatchBytes must be at least 1024, got " + maxBatchBytes);
        checkArgument(
                maxRetries >= 0 && maxRetries <= 100,
                "maxRetries must be in 0..100, got " + maxRetries);
        checkArgument(
                !initialBackoff.isNegative() && !initialBackoff.isZero(),
                "initialBackoff must be positive, got " + initialBackoff);
        checkArgument(
                maxBackoff.compareTo(initialBackoff) >= 0,
                "maxBackoff ("
                        + maxBackoff
                        + ") must not be below initialBackoff ("
                        + initialBackoff
                        + ")");
        checkArgument(
                maxBackoff.compareTo(Duration.ofMinutes(10)) <= 0,
                "maxBackoff must be at most 10 minutes, got " + maxBackoff);
        // The encoder's names are spliced into the INSERT statement: they must be plain
        // identifiers.
        ClickHouseIdentifier.check(encoder.table(), "encoder table");
        List<String> columns = encoder.columns();
        checkNotNull(columns, "encoder columns must be set");
        checkArgument(!columns.isEmpty(), "encoder " + encoder.table() + " names no columns");
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            ClickHouseIdentifier.check(column, "encoder column");
            checkArgument(seen.add(column), "encoder names column " + column + " twice");
        }
        return new ClickHouseSink<>(
                connection,
                encoder,
                deliveryGuarantee,
                batchSize,
                maxBatchBytes,
                maxRetries,
                initialBackoff,
                maxBackoff);
    }
}
