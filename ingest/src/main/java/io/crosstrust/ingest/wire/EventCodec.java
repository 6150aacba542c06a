package io.crosstrust.ingest.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The wire format of every crosstrust Kafka value: Avro single-object encoding.
 *
 * <pre>
 *   C3 01 | 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema | Avro binary body
 * </pre>
 *
 * A reader looks the fingerprint up in the {@link SchemaStore} (current schemas and every published
 * earlier version) and resolves the writer schema to the current generated class, so messages from
 * older producers decode into today's records. A topic may carry several record types
 * (platform.events does); the fingerprint says which. Thread-safe.
 */
public final class EventCodec {
    private static final byte MAGIC_0 = (byte) 0xC3;
    private static final byte MAGIC_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    private static final EventCodec STANDARD = new EventCodec(SchemaStore.standard());

    private final SchemaStore store;
    private final ConcurrentHashMap<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, BinaryMessageDecoder<SpecificRecord>> decoders =
            new ConcurrentHashMap<>();

    public EventCodec(SchemaStore store) {
        this.store = store;
    }

    /** A codec over the project's standard schema store. */
    public static EventCodec standard() {
        return STANDARD;
    }

    public SchemaStore store() {
        return store;
    }

    /** Encodes a generated record with its own (current) schema. */
    public byte[] encode(SpecificRecord record) {
        BinaryMessageEncoder<SpecificRecord> encoder =
                encoders.computeIfAbsent(
                        record.getClass(),
                        c ->
                                new BinaryMessageEncoder<>(
                                        SpecificData.getForClass(c), record.getSchema()));
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + record.getClass(), e);
        }
    }

    /** Decodes any record this project publishes, as its current generated class. */
    public SpecificRecord decode(byte[] bytes) throws WireFormatException {
        Schema writer = writerSchema(bytes);
        BinaryMessageDecoder<SpecificRecord> decoder =
                decoders.computeIfAbsent(writer.getFullName(), this::decoderFor);
        if (decoder == null) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNKNOWN_SCHEMA,
                    "record type " + writer.getFullName() + " has no current reader class",
                    null);
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNDECODABLE,
                    "body does not decode as " + writer.getFullName() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Decodes and checks the record is of the expected type. */
    public <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type)
            throws WireFormatException {
        SpecificRecord record = decode(bytes);
        if (!type.isInstance(record)) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNKNOWN_SCHEMA,
                    "expected " + type.getSimpleName() + " but got " + record.getSchema().getName(),
                    null);
        }
        return type.cast(record);
    }

    /** The writer schema a message names in its header. */
    public Schema writerSchema(byte[] bytes) throws WireFormatException {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNDECODABLE,
                    "too short for a single-object encoded Avro message ("
                            + (bytes == null ? "null" : bytes.length + " bytes")
                            + ")",
                    null);
        }
        if (bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNDECODABLE,
                    String.format(
                            "not Avro single-object encoding: header %02X %02X, expected C3 01",
                            bytes[0], bytes[1]),
                    null);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = store.find(fingerprint);
        if (writer == null) {
            throw new WireFormatException(
                    WireFormatException.Kind.UNKNOWN_SCHEMA,
                    String.format(
                            "unknown writer schema fingerprint %016x: not a schema this project"
                                    + " published (see docs/schemas.md)",
                            fingerprint),
                    null);
        }
        return writer;
    }

    private BinaryMessageDecoder<SpecificRecord> decoderFor(String fullName) {
        Class<? extends SpecificRecord> type = store.currentClass(fullName);
        if (type == null) {
            return null;
        }
        BinaryMessageDecoder<SpecificRecord> decoder =
                new BinaryMessageDecoder<>(
                        SpecificData.getForClass(type), EventTypes.schemaOf(type));
        for (Schema version : store.versions(fullName)) {
            decoder.addSchema(version);
        }
        return decoder;
    }
}
