package io.crosstrust.jobs.testing;

import io.crosstrust.ingest.faults.MalformedRecords;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.testing.TestEvents;
import io.crosstrust.ingest.wire.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The input of the trade-flow tests: {@code valid} OrderPlaced events ({@code it-0} ...) on
 * platform.events, with {@code malformed} damaged copies interleaved (one every {@code valid /
 * malformed} orders, from the first), keyed by buyer. Sent in ranges, so a test can publish part of
 * it, do something to the pipeline, and publish the rest.
 */
public final class OrderFeed {
    private final int valid;
    private final int malformed;
    private final EventCodec codec = EventCodec.standard();
    private final MalformedRecords faults = new MalformedRecords(42);

    public OrderFeed(int valid, int malformed) {
        if (malformed < 1 || malformed > valid) {
            throw new IllegalArgumentException("need 1 <= malformed <= valid");
        }
        this.valid = valid;
        this.malformed = malformed;
    }

    /** The event ids of every valid order of the feed. */
    public Set<String> validIds() {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < valid; i++) {
            ids.add("it-" + i);
        }
        return ids;
    }

    /** Sends the whole feed. */
    public void send(Producer<byte[], byte[]> producer, Callback callback) {
        send(producer, 0, valid, callback);
    }

    /** Sends orders {@code [from, to)} with their damaged copies; call in increasing ranges. */
    public void send(Producer<byte[], byte[]> producer, int from, int to, Callback callback) {
        int everyNth = valid / malformed;
        for (int i = from; i < to; i++) {
            SpecificRecord order =
                    TestEvents.order("it-" + i, "buyer-" + (i % 97), "seller-" + (i % 31), "10.00")
                            .build();
            byte[] key = ("buyer-" + (i % 97)).getBytes(StandardCharsets.UTF_8);
            producer.send(
                    new ProducerRecord<>(Topics.PLATFORM_EVENTS, key, codec.encode(order)),
                    callback);
            if (i % everyNth == 0 && i / everyNth < malformed) {
                producer.send(
                        new ProducerRecord<>(Topics.PLATFORM_EVENTS, key, faults.damage(order)),
                        callback);
            }
        }
    }
}
