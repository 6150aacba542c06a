package io.crosstrust.jobs.network.graph;

/** An entity and one of its scores (PageRank, betweenness), as listed in a top-k. */
public record EntityScore(String entityId, double value) {}
