package io.crosstrust.ingest.generator;

import java.util.Arrays;

/** A binary min-heap of {@link Step}s ordered by (time, seq); faster than a PriorityQueue here. */
final class StepQueue {
    private Step[] heap = new Step[1024];
    private int size;

    int size() {
        return size;
    }

    Step peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Step step) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Step p = heap[parent];
            if (!step.before(p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = step;
    }

    Step poll() {
        if (size == 0) {
            return null;
        }
        Step top = heap[0];
        Step last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                Step c = heap[child];
                int right = child + 1;
                if (right < size && heap[right].before(c)) {
                    child = right;
                    c = heap[child];
                }
                if (!c.before(last)) {
                    break;
                }
                heap[i] = c;
                i = child;
            }
            heap[i] = last;
        }
        return top;
    }
}
