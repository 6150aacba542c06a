package io.crosstrust.jobs.network.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The network figures computed the slow, obvious way, independently of the production code: plain
 * loops over a boolean adjacency matrix (for graphs of up to a few hundred nodes). Tests compare
 * the library, the batch command and the streaming job against it.
 */
public final class ReferenceNetwork {
    public final int n;
    public final int edges;
    public final int selfLoops;
    public final List<String> ids;
    private final boolean[][] arc;
    private final boolean[][] link;

    /** One directed (source, target) pair per element; repeats and self-loops allowed. */
    public ReferenceNetwork(List<String[]> pairs) {
        Map<String, Integer> index = new TreeMap<>();
        for (String[] p : pairs) {
            index.putIfAbsent(p[0], 0);
            index.putIfAbsent(p[1], 0);
        }
        ids = new ArrayList<>(index.keySet());
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        n = ids.size();
        arc = new boolean[n][n];
        link = new boolean[n][n];
        int loops = 0;
        for (String[] p : pairs) {
            int a = index.get(p[0]);
            int b = index.get(p[1]);
            if (a == b) {
                loops++;
                continue;
            }
            arc[a][b] = true;
            link[a][b] = true;
            link[b][a] = true;
        }
        selfLoops = loops;
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (arc[i][j]) {
                    m++;
                }
            }
        }
        edges = m;
    }

    public double densityDirected() {
        return (double) edges / ((double) n * (n - 1));
    }

    public int undirectedEdges() {
        int u = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (link[i][j]) {
                    u++;
                }
            }
        }
        return u;
    }

    public double densityUndirected() {
        return undirectedEdges() / ((double) n * (n - 1) / 2);
    }

    public double reciprocity() {
        int reciprocated = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (arc[i][j] && arc[j][i]) {
                    reciprocated++;
                }
            }
        }
        return edges == 0 ? 0 : (double) reciprocated / edges;
    }

    private int degree(int v) {
        int d = 0;
        for (int j = 0; j < n; j++) {
            if (link[v][j]) {
                d++;
            }
        }
        return d;
    }

    private int trianglesThrough(int v) {
        int t = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (link[v][a] && link[v][b] && link[a][b]) {
                    t++;
                }
            }
        }
        return t;
    }

    /** 3 triangles / connected triples. */
    public double transitivity() {
        long triangles = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (!link[i][j]) {
                    continue;
                }
                for (int k = j + 1; k < n; k++) {
                    if (link[j][k] && link[i][k]) {
                        triangles++;
                    }
                }
            }
        }
        long triples = 0;
        for (int v = 0; v < n; v++) {
            long d = degree(v);
            triples += d * (d - 1) / 2;
        }
        return triples == 0 ? 0 : 3.0 * triangles / triples;
    }

    public double averageClustering() {
        double sum = 0;
        for (int v = 0; v < n; v++) {
            int d = degree(v);
            if (d >= 2) {
                sum += trianglesThrough(v) / (d * (d - 1) / 2.0);
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public int weakComponents() {
        boolean[] seen = new boolean[n];
        int components = 0;
        for (int s = 0; s < n; s++) {
            if (seen[s]) {
                continue;
            }
            components++;
            Deque<Integer> todo = new ArrayDeque<>();
            todo.add(s);
            seen[s] = true;
            while (!todo.isEmpty()) {
                int v = todo.poll();
                for (int w = 0; w < n; w++) {
                    if (link[v][w] && !seen[w]) {
                        seen[w] = true;
                        todo.add(w);
                    }
                }
            }
        }
        return components;
    }

    /** Mutual reachability classes, from the transitive closure (Warshall). */
    public int strongComponents() {
        boolean[][] reach = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            reach[i] = arc[i].clone();
            reach[i][i] = true;
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                if (!reach[i][k]) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    if (reach[k][j]) {
                        reach[i][j] = true;
                    }
                }
            }
        }
        boolean[] assigned = new boolean[n];
        int components = 0;
        for (int i = 0; i < n; i++) {
            if (assigned[i]) {
                continue;
            }
            components++;
            for (int j = i; j < n; j++) {
                if (reach[i][j] && reach[j][i]) {
                    assigned[j] = true;
                }
            }
        }
        return components;
    }

    /** Freeman: sum of (max degree - degree) / ((n - 1)(n - 2)), undirected. */
    public double degreeCentralization() {
        int max = 0;
        long sum = 0;
        for (int v = 0; v < n; v++) {
            int d = degree(v);
            max = Math.max(max, d);
            sum += d;
        }
        return n < 3 ? 0 : ((double) n * max - sum) / ((n - 1.0) * (n - 2.0));
    }
}
