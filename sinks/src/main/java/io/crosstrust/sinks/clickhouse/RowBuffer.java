package io.crosstrust.sinks.clickhouse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes of the rows buffered since the last insert: an unsynchronized growable array that can
 * be cut back to a row boundary when encoding a record fails half-way, and re-read for every retry
 * of the same insert.
 */
final class RowBuffer extends OutputStream {
    private byte[] bytes;
    private int size;

    RowBuffer(int initialCapacity) {
        this.bytes = new byte[Math.max(64, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    int size() {
        return size;
    }

    /** Drops everything after {@code newSize} bytes (a row boundary). */
    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
        }
        size = newSize;
    }

    void clear() {
        size = 0;
    }

    /** A copy of the current contents, exactly {@link #size()} bytes. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** A fresh stream over the current contents; the buffer must not change while it is read. */
    InputStream contents() {
        return new ByteArrayInputStream(bytes, 0, size);
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new IllegalStateException("row buffer over 2 GiB");
        }
        if (needed > bytes.length) {
            bytes =
                    Arrays.copyOf(
                            bytes,
                            Math.max(
                                    needed,
                                    (int) Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
        }
    }
}
