package io.crosstrust.jobs.network.graph;

/**
 * Weakly and strongly connected components of a {@link CompactTradeGraph}. Every node belongs to
 * exactly one component of each kind, so an isolated node (one seen only in self-loops) is a
 * component of its own. Both are linear and iterative (no recursion, so a long chain cannot
 * overflow the stack): weak components by union-find over the edges (path halving, union by size),
 * strong components by Tarjan's algorithm with an explicit call stack.
 */
public final class Components {
    /** How many components, and the size of the largest. */
    public record Count(int components, int largest) {}

    private Components() {}

    public static Count weak(CompactTradeGraph g) {
        int n = g.n;
        if (n == 0) {
            return new Count(0, 0);
        }
        int[] parent = new int[n];
        int[] size = new int[n];
        for (int v = 0; v < n; v++) {
            parent[v] = v;
            size[v] = 1;
        }
        int components = n;
        for (int u = 0; u < n; u++) {
            for (int i = g.outStart[u]; i < g.outStart[u + 1]; i++) {
                int a = find(parent, u);
                int b = find(parent, g.outTargets[i]);
                if (a != b) {
                    if (size[a] < size[b]) {
                        int t = a;
                        a = b;
                        b = t;
                    }
                    parent[b] = a;
                    size[a] += size[b];
                    components--;
                }
            }
        }
        int largest = 0;
        for (int v = 0; v < n; v++) {
            if (parent[v] == v) {
                largest = Math.max(largest, size[v]);
            }
        }
        return new Count(components, largest);
    }

    private static int find(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    /** Tarjan's strongly connected components, iterative. */
    public static Count strong(CompactTradeGraph g) {
        int n = g.n;
        if (n == 0) {
            return new Count(0, 0);
        }
        int[] index = new int[n];
        int[] low = new int[n];
        java.util.Arrays.fill(index, -1);
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int stackSize = 0;
        int[] callNode = new int[n];
        int[] callEdge = new int[n];
        int next = 0;
        int components = 0;
        int largest = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = g.outStart[root];
            index[root] = low[root] = next++;
            stack[stackSize++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callNode[depth];
                int i = callEdge[depth];
                if (i < g.outStart[v + 1]) {
                    callEdge[depth] = i + 1;
                    int w = g.outTargets[i];
                    if (index[w] < 0) {
                        index[w] = low[w] = next++;
                        stack[stackSize++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = g.outStart[w];
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                // v is finished
                if (low[v] == index[v]) {
                    int size = 0;
                    int w;
                    do {
                        w = stack[--stackSize];
                        onStack[w] = false;
                        size++;
                    } while (w != v);
                    components++;
                    largest = Math.max(largest, size);
                }
                depth--;
                if (depth >= 0) {
                    int parent = callNode[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return new Count(components, largest);
    }
}
