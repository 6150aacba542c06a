package io.crosstrust.jobs.warnings;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent pieces of evidence of one kind (time, event id, a value), at most {@code
 * capacity}, in event-time order: what a window rule counts and what a warning cites.
 */
final class EvidenceLog {
    record Entry(long millis, String eventId, double value) {}

    private final int capacity;
    private final List<Entry> entries = new ArrayList<>();

    EvidenceLog(int capacity) {
        this.capacity = capacity;
    }

    void add(long millis, String eventId, double value) {
        int pos = entries.size();
        while (pos > 0 && entries.get(pos - 1).millis() > millis) {
            pos--;
        }
        entries.add(pos, new Entry(millis, eventId, value));
        if (entries.size() > capacity) {
            entries.remove(0);
        }
    }

    /** Entries with time in (from, to]. */
    List<Entry> within(long fromExclusive, long toInclusive) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.millis() > fromExclusive && e.millis() <= toInclusive) {
                out.add(e);
            }
        }
        return out;
    }

    int count(long fromExclusive, long toInclusive) {
        int n = 0;
        for (Entry e : entries) {
            if (e.millis() > fromExclusive && e.millis() <= toInclusive) {
                n++;
            }
        }
        return n;
    }

    boolean contains(String eventId) {
        for (Entry e : entries) {
            if (e.eventId().equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    void removeId(String eventId) {
        entries.removeIf(e -> e.eventId().equals(eventId));
    }

    void dropBefore(long millis) {
        entries.removeIf(e -> e.millis() < millis);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    static List<String> ids(List<Entry> entries, int max) {
        List<String> out = new ArrayList<>();
        for (int i = Math.max(0, entries.size() - max); i < entries.size(); i++) {
            out.add(entries.get(i).eventId());
        }
        return out;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeShort(entries.size());
        for (Entry e : entries) {
            out.writeLong(e.millis());
            out.writeUTF(e.eventId());
            out.writeDouble(e.value());
        }
    }

    void read(DataInputStream in) throws IOException {
        entries.clear();
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            entries.add(new Entry(in.readLong(), in.readUTF(), in.readDouble()));
        }
    }
}
