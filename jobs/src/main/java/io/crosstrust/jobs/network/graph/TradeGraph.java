package io.crosstrust.jobs.network.graph;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A directed, weighted trade graph kept up to date one trade at a time: nodes are trading entities
 * (with an optional region), an edge is an ordered pair (seller, buyer) with the number of trades
 * and the traded volume summed over every trade between them. Self-loops (an entity trading with
 * itself) are counted in {@link #selfLoops()} and otherwise left out: they add their node, never an
 * edge.
 *
 * <p><b>Incremental.</b> {@link #addTrade(int, int, long, double)} is O(1) (amortised): one hash
 * probe sequence for the pair, one more for its reverse when the pair is new, and a few array
 * updates. It keeps every counter the cheap metrics need, so these are O(1) at any moment, without
 * a rebuild: node and edge counts, directed and undirected density, in/out degrees and distinct
 * trading partners per node, the largest partner count (Freeman degree centralization), connected
 * triples (the transitivity denominator), reciprocity, total volume and the sum of squared edge
 * volumes (HHI). Everything that needs the whole structure (components, clustering, PageRank,
 * betweenness) is {@link TradeNetworkAnalysis}, on a {@link CompactTradeGraph} snapshot.
 *
 * <p>Trades only add: there is no removal. Windows are built by keeping one graph per pane and
 * merging panes ({@link #addAll}). A node's region is the first non-null region it was seen with.
 * Node numbers are dense (0..nodes-1) in order of first appearance.
 *
 * <p>Not thread-safe. Volumes are doubles: they are weights for shares and rankings, never money
 * totals (those stay exact decimals in ClickHouse).
 */
public final class TradeGraph {
    private static final int FORMAT_VERSION = 1;

    private final Map<String, Integer> nodeNumbers;
    private final Map<String, Integer> regionNumbers;
    private String[] regions = new String[8];
    private int regionCount;

    private String[] nodeIds;
    private int[] nodeRegion;
    private int[] outDegree;
    private int[] inDegree;
    private int[] partners;
    private double[] outVolume;
    private double[] inVolume;
    private int nodeCount;

    private EdgeIndex edgeIndex;
    private int[] edgeSource;
    private int[] edgeTarget;
    private long[] edgeTrades;
    private double[] edgeVolume;
    private int edgeCount;

    private long mutualPairs;
    private long undirectedEdges;
    private long connectedTriples;
    private int maxPartners;
    private long trades;
    private long selfLoops;
    private double totalVolume;
    private double sumSquaredVolume;

    public TradeGraph() {
        this(16, 16);
    }

    public TradeGraph(int expectedNodes, int expectedEdges) {
        int n = Math.max(expectedNodes, 4);
        int m = Math.max(expectedEdges, 4);
        nodeNumbers = new HashMap<>(n * 2);
        regionNumbers = new HashMap<>();
        nodeIds = new String[n];
        nodeRegion = new int[n];
        outDegree = new int[n];
        inDegree = new int[n];
        partners = new int[n];
        outVolume = new double[n];
        inVolume = new double[n];
        edgeIndex = new EdgeIndex(m);
        edgeSource = new int[m];
        edgeTarget = new int[m];
        edgeTrades = new long[m];
        edgeVolume = new double[m];
    }

    // ---------------------------------------------------------------- updates

    /** The node number of an entity, adding it (region unknown) if new. */
    public int node(String id) {
        return node(id, null);
    }

    /**
     * The node number of an entity, adding it if new; sets its region if none was known yet.
     *
     * @param region null when unknown
     */
    public int node(String id, String region) {
        Objects.requireNonNull(id, "id");
        Integer known = nodeNumbers.get(id);
        int v;
        if (known == null) {
            v = nodeCount;
            ensureNodeCapacity(v + 1);
            nodeIds[v] = id;
            nodeRegion[v] = -1;
            nodeNumbers.put(id, v);
            nodeCount++;
        } else {
            v = known;
        }
        if (region != null && nodeRegion[v] < 0) {
            nodeRegion[v] = regionNumber(region);
        }
        return v;
    }

    /**
     * One or more trades from {@code source} (seller, exporter) to {@code target} (buyer,
     * importer).
     *
     * @param count trades represented (>= 1)
     * @param volume their total volume (>= 0, finite)
     */
    public void addTrade(
            String source,
            String sourceRegion,
            String target,
            String targetRegion,
            long count,
            double volume) {
        int u = node(source, sourceRegion);
        int v = node(target, targetRegion);
        addTrade(u, v, count, volume);
    }

    /**
     * One or more trades between two existing node numbers: the O(1) incremental update. A
     * self-loop ({@code source == target}) only counts in {@link #selfLoops()}.
     */
    public void addTrade(int source, int target, long count, double volume) {
        if (source < 0 || source >= nodeCount || target < 0 || target >= nodeCount) {
            throw new IllegalArgumentException(
                    "no node " + source + " or " + target + " (nodes: " + nodeCount + ")");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        if (!(volume >= 0) || Double.isInfinite(volume)) {
            throw new IllegalArgumentException("volume must be finite and >= 0, got " + volume);
        }
        if (source == target) {
            selfLoops += count;
            return;
        }
        int e = edgeIndex.putIfAbsent(EdgeIndex.pair(source, target), edgeCount);
        if (e < 0) {
            e = newEdge(source, target);
        }
        edgeTrades[e] += count;
        double before = edgeVolume[e];
        edgeVolume[e] = before + volume;
        sumSquaredVolume += volume * (2 * before + volume);
        totalVolume += volume;
        trades += count;
        outVolume[source] += volume;
        inVolume[target] += volume;
    }

    private int newEdge(int u, int v) {
        int e = edgeCount;
        ensureEdgeCapacity(e + 1);
        edgeSource[e] = u;
        edgeTarget[e] = v;
        edgeCount++;
        outDegree[u]++;
        inDegree[v]++;
        if (edgeIndex.get(EdgeIndex.pair(v, u)) >= 0) {
            mutualPairs++; // the undirected edge {u, v} existed already
        } else {
            undirectedEdges++;
            // each new partner of u closes a path x-u-v with every earlier partner x of u
            connectedTriples += (long) partners[u] + partners[v];
            int pu = ++partners[u];
            int pv = ++partners[v];
            maxPartners = Math.max(maxPartners, Math.max(pu, pv));
        }
        return e;
    }

    /** Adds every node (with its region) and every trade of {@code other}: merging two panes. */
    public void addAll(TradeGraph other) {
        int[] map = new int[other.nodeCount];
        for (int v = 0; v < other.nodeCount; v++) {
            map[v] = node(other.nodeIds[v], other.nodeRegion(v));
        }
        for (int e = 0; e < other.edgeCount; e++) {
            addTrade(
                    map[other.edgeSource[e]],
                    map[other.edgeTarget[e]],
                    other.edgeTrades[e],
                    other.edgeVolume[e]);
        }
        selfLoops += other.selfLoops;
    }

    /** A deep copy. */
    public TradeGraph copy() {
        TradeGraph c = new TradeGraph(nodeCount, edgeCount);
        c.nodeNumbers.putAll(nodeNumbers);
        c.regionNumbers.putAll(regionNumbers);
        c.regions = regions.clone();
        c.regionCount = regionCount;
        c.nodeIds = Arrays.copyOf(nodeIds, Math.max(nodeCount, 4));
        c.nodeRegion = Arrays.copyOf(nodeRegion, Math.max(nodeCount, 4));
        c.outDegree = Arrays.copyOf(outDegree, Math.max(nodeCount, 4));
        c.inDegree = Arrays.copyOf(inDegree, Math.max(nodeCount, 4));
        c.partners = Arrays.copyOf(partners, Math.max(nodeCount, 4));
        c.outVolume = Arrays.copyOf(outVolume, Math.max(nodeCount, 4));
        c.inVolume = Arrays.copyOf(inVolume, Math.max(nodeCount, 4));
        c.nodeCount = nodeCount;
        c.edgeIndex = edgeIndex.copy();
        c.edgeSource = Arrays.copyOf(edgeSource, Math.max(edgeCount, 4));
        c.edgeTarget = Arrays.copyOf(edgeTarget, Math.max(edgeCount, 4));
        c.edgeTrades = Arrays.copyOf(edgeTrades, Math.max(edgeCount, 4));
        c.edgeVolume = Arrays.copyOf(edgeVolume, Math.max(edgeCount, 4));
        c.edgeCount = edgeCount;
        c.mutualPairs = mutualPairs;
        c.undirectedEdges = undirectedEdges;
        c.connectedTriples = connectedTriples;
        c.maxPartners = maxPartners;
        c.trades = trades;
        c.selfLoops = selfLoops;
        c.totalVolume = totalVolume;
        c.sumSquaredVolume = sumSquaredVolume;
        return c;
    }

    // ---------------------------------------------------------------- O(1) figures

    /** Entities, including those seen only in self-loops. */
    public int nodes() {
        return nodeCount;
    }

    /** Distinct ordered pairs (source, target), source != target. */
    public int edges() {
        return edgeCount;
    }

    /** Distinct unordered pairs {u, v}: edges of the undirected simple graph. */
    public long undirectedEdges() {
        return undirectedEdges;
    }

    /** Unordered pairs traded in both directions. */
    public long mutualPairs() {
        return mutualPairs;
    }

    /** Trades of an entity with itself (left out of every edge figure). */
    public long selfLoops() {
        return selfLoops;
    }

    /** Trades on edges (self-loops excluded). */
    public long trades() {
        return trades;
    }

    /** Volume on edges (self-loops excluded). */
    public double totalVolume() {
        return totalVolume;
    }

    /** Paths x-v-y with x != y in the undirected simple graph: sum over v of C(partners, 2). */
    public long connectedTriples() {
        return connectedTriples;
    }

    /** The largest number of distinct trading partners of one entity. */
    public int maxPartners() {
        return maxPartners;
    }

    /** edges / (n (n - 1)); 0 below two nodes. */
    public double densityDirected() {
        double n = nodeCount;
        return nodeCount < 2 ? 0 : edgeCount / (n * (n - 1));
    }

    /** undirected edges / (n (n - 1) / 2); 0 below two nodes. */
    public double densityUndirected() {
        double n = nodeCount;
        return nodeCount < 2 ? 0 : undirectedEdges / (n * (n - 1) / 2);
    }

    /** Mean of in-degree + out-degree: 2 edges / n; 0 without nodes. */
    public double averageDegree() {
        return nodeCount == 0 ? 0 : 2.0 * edgeCount / nodeCount;
    }

    /** Share of edges whose reverse edge exists too: 2 mutual pairs / edges; 0 without edges. */
    public double reciprocity() {
        return edgeCount == 0 ? 0 : 2.0 * mutualPairs / edgeCount;
    }

    /**
     * Freeman degree centralization of the undirected simple graph: sum over v of (max partners -
     * partners(v)), over its largest possible value (n - 1)(n - 2) (a star); 0 below three nodes.
     */
    public double degreeCentralization() {
        if (nodeCount < 3) {
            return 0;
        }
        double n = nodeCount;
        return (n * maxPartners - 2.0 * undirectedEdges) / ((n - 1) * (n - 2));
    }

    /**
     * Herfindahl-Hirschman index of the edges' volume shares: sum of (edge volume / total
     * volume)^2, in (0, 1]; 0 when there is no volume.
     */
    public double volumeHhi() {
        return totalVolume > 0 ? sumSquaredVolume / (totalVolume * totalVolume) : 0;
    }

    // ---------------------------------------------------------------- nodes and edges

    public String nodeId(int v) {
        checkNode(v);
        return nodeIds[v];
    }

    /** The node number of an entity, or -1. */
    public int nodeNumber(String id) {
        Integer v = nodeNumbers.get(id);
        return v == null ? -1 : v;
    }

    /** The node's region, or null when unknown. */
    public String nodeRegion(int v) {
        checkNode(v);
        int r = nodeRegion[v];
        return r < 0 ? null : regions[r];
    }

    /** The node's region as a number (same number = same region), or -1 when unknown. */
    int nodeRegionNumber(int v) {
        return nodeRegion[v];
    }

    public int outDegree(int v) {
        checkNode(v);
        return outDegree[v];
    }

    public int inDegree(int v) {
        checkNode(v);
        return inDegree[v];
    }

    /** Distinct trading partners (either direction): the degree in the undirected simple graph. */
    public int partners(int v) {
        checkNode(v);
        return partners[v];
    }

    public double outVolume(int v) {
        checkNode(v);
        return outVolume[v];
    }

    public double inVolume(int v) {
        checkNode(v);
        return inVolume[v];
    }

    /** The edge number of the pair, or -1. */
    public int edge(int source, int target) {
        return source == target ? -1 : edgeIndex.get(EdgeIndex.pair(source, target));
    }

    public int edgeSource(int e) {
        checkEdge(e);
        return edgeSource[e];
    }

    public int edgeTarget(int e) {
        checkEdge(e);
        return edgeTarget[e];
    }

    public long edgeTrades(int e) {
        checkEdge(e);
        return edgeTrades[e];
    }

    public double edgeVolume(int e) {
        checkEdge(e);
        return edgeVolume[e];
    }

    // package-private raw access for the snapshot builder (no copies, no checks)
    int[] rawEdgeSources() {
        return edgeSource;
    }

    int[] rawEdgeTargets() {
        return edgeTarget;
    }

    double[] rawEdgeVolumes() {
        return edgeVolume;
    }

    // ---------------------------------------------------------------- serialization

    /**
     * Writes the graph in a compact binary form ({@link #readFrom} reads it back to an equal graph,
     * same node and edge numbers, same counters bit for bit).
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeInt(regionCount);
        for (int r = 0; r < regionCount; r++) {
            out.writeUTF(regions[r]);
        }
        out.writeInt(nodeCount);
        for (int v = 0; v < nodeCount; v++) {
            out.writeUTF(nodeIds[v]);
            out.writeInt(nodeRegion[v]);
        }
        out.writeInt(edgeCount);
        for (int e = 0; e < edgeCount; e++) {
            out.writeInt(edgeSource[e]);
            out.writeInt(edgeTarget[e]);
            out.writeLong(edgeTrades[e]);
            out.writeDouble(edgeVolume[e]);
        }
        out.writeLong(selfLoops);
        // sums in arrival order: rebuilding would add in edge order and may differ in the last bit
        out.writeDouble(totalVolume);
        out.writeDouble(sumSquaredVolume);
        for (int v = 0; v < nodeCount; v++) {
            out.writeDouble(outVolume[v]);
            out.writeDouble(inVolume[v]);
        }
    }

    public static TradeGraph readFrom(DataInput in) throws IOException {
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown TradeGraph format version " + version);
        }
        int regionCount = in.readInt();
        String[] regionNames = new String[regionCount];
        for (int r = 0; r < regionCount; r++) {
            regionNames[r] = in.readUTF();
        }
        int nodes = in.readInt();
        TradeGraph g = new TradeGraph(nodes, 16);
        for (int r = 0; r < regionCount; r++) {
            g.regionNumber(regionNames[r]);
        }
        for (int v = 0; v < nodes; v++) {
            String id = in.readUTF();
            int region = in.readInt();
            g.node(id, region < 0 ? null : regionNames[region]);
        }
        int edges = in.readInt();
        g.ensureEdgeCapacity(edges);
        for (int e = 0; e < edges; e++) {
            int u = in.readInt();
            int v = in.readInt();
            long count = in.readLong();
            double volume = in.readDouble();
            g.addTrade(u, v, count, volume);
        }
        g.selfLoops = in.readLong();
        g.totalVolume = in.readDouble();
        g.sumSquaredVolume = in.readDouble();
        for (int v = 0; v < nodes; v++) {
            g.outVolume[v] = in.readDouble();
            g.inVolume[v] = in.readDouble();
        }
        return g;
    }

    /** Same entities, regions, numbering, edges and counters. */
    public boolean sameAs(TradeGraph o) {
        if (nodeCount != o.nodeCount
                || edgeCount != o.edgeCount
                || selfLoops != o.selfLoops
                || trades != o.trades
                || mutualPairs != o.mutualPairs
                || Double.compare(totalVolume, o.totalVolume) != 0
                || Double.compare(sumSquaredVolume, o.sumSquaredVolume) != 0) {
            return false;
        }
        for (int v = 0; v < nodeCount; v++) {
            if (!nodeIds[v].equals(o.nodeIds[v])
                    || !Objects.equals(nodeRegion(v), o.nodeRegion(v))
                    || Double.compare(outVolume[v], o.outVolume[v]) != 0
                    || Double.compare(inVolume[v], o.inVolume[v]) != 0) {
                return false;
            }
        }
        for (int e = 0; e < edgeCount; e++) {
            if (edgeSource[e] != o.edgeSource[e]
                    || edgeTarget[e] != o.edgeTarget[e]
                    || edgeTrades[e] != o.edgeTrades[e]
                    || Double.compare(edgeVolume[e], o.edgeVolume[e]) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "TradeGraph{nodes="
                + nodeCount
                + ", edges="
                + edgeCount
                + ", trades="
                + trades
                + ", selfLoops="
                + selfLoops
                + "}";
    }

    // ---------------------------------------------------------------- internals

    private int regionNumber(String region) {
        Integer r = regionNumbers.get(region);
        if (r != null) {
            return r;
        }
        if (regionCount == regions.length) {
            regions = Arrays.copyOf(regions, regionCount * 2);
        }
        regions[regionCount] = region;
        regionNumbers.put(region, regionCount);
        return regionCount++;
    }

    private void ensureNodeCapacity(int n) {
        if (n <= nodeIds.length) {
            return;
        }
        int capacity = Math.max(n, nodeIds.length * 2);
        nodeIds = Arrays.copyOf(nodeIds, capacity);
        nodeRegion = Arrays.copyOf(nodeRegion, capacity);
        outDegree = Arrays.copyOf(outDegree, capacity);
        inDegree = Arrays.copyOf(inDegree, capacity);
        partners = Arrays.copyOf(partners, capacity);
        outVolume = Arrays.copyOf(outVolume, capacity);
        inVolume = Arrays.copyOf(inVolume, capacity);
    }

    private void ensureEdgeCapacity(int m) {
        if (m <= edgeSource.length) {
            return;
        }
        int capacity = Math.max(m, edgeSource.length * 2);
        edgeSource = Arrays.copyOf(edgeSource, capacity);
        edgeTarget = Arrays.copyOf(edgeTarget, capacity);
        edgeTrades = Arrays.copyOf(edgeTrades, capacity);
        edgeVolume = Arrays.copyOf(edgeVolume, capacity);
    }

    private void checkNode(int v) {
        if (v < 0 || v >= nodeCount) {
            throw new IndexOutOfBoundsException("node " + v + " of " + nodeCount);
        }
    }

    private void checkEdge(int e) {
        if (e < 0 || e >= edgeCount) {
            throw new IndexOutOfBoundsException("edge " + e + " of " + edgeCount);
        }
    }
}
