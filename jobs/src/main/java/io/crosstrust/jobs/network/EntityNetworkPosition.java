package io.crosstrust.jobs.network;

import io.crosstrust.jobs.network.graph.EntityPosition;
import java.util.Objects;

/**
 * One entity's network position in one window of the global trade graph: the input of the credit
 * model's network dimension (DESIGN.md: counterparty quality, centrality, exposure). Emitted by the
 * network job as a side output ({@link NetworkDescriptors#POSITIONS}), one per entity per window of
 * the GLOBAL scope; the scoring job keys it by {@link #entityId}. Field meanings: {@link
 * EntityPosition} and docs/network.md. A Flink POJO; not (yet) an Avro record on a topic.
 */
public class EntityNetworkPosition {
    public String entityId;
    public String region;
    public String windowKind;
    public long windowStart;
    public long windowEnd;
    public int inDegree;
    public int outDegree;
    public int partners;
    public double inVolume;
    public double outVolume;
    public double pageRank;
    public double betweenness;
    public boolean betweennessExact;

    /** NaN when the time budget left the entity out of the clustering sample. */
    public double localClustering;

    public double counterpartyConcentration;
    public double meanPartnerPartners;

    public EntityNetworkPosition() {}

    static EntityNetworkPosition of(
            EntityPosition p,
            String windowKind,
            long windowStart,
            long windowEnd,
            boolean betweennessExact) {
        EntityNetworkPosition e = new EntityNetworkPosition();
        e.entityId = p.entityId();
        e.region = p.region();
        e.windowKind = windowKind;
        e.windowStart = windowStart;
        e.windowEnd = windowEnd;
        e.inDegree = p.inDegree();
        e.outDegree = p.outDegree();
        e.partners = p.partners();
        e.inVolume = p.inVolume();
        e.outVolume = p.outVolume();
        e.pageRank = p.pageRank();
        e.betweenness = p.betweenness();
        e.betweennessExact = betweennessExact;
        e.localClustering = p.localClustering();
        e.counterpartyConcentration = p.counterpartyConcentration();
        e.meanPartnerPartners = p.meanPartnerPartners();
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityNetworkPosition p
                && Objects.equals(entityId, p.entityId)
                && Objects.equals(windowKind, p.windowKind)
                && windowStart == p.windowStart
                && windowEnd == p.windowEnd
                && inDegree == p.inDegree
                && outDegree == p.outDegree
                && partners == p.partners
                && Double.compare(pageRank, p.pageRank) == 0
                && Double.compare(betweenness, p.betweenness) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityId, windowKind, windowStart);
    }

    @Override
    public String toString() {
        return entityId + "@" + windowKind + ":" + windowStart + " partners=" + partners;
    }
}
