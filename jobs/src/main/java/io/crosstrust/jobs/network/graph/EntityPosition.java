package io.crosstrust.jobs.network.graph;

/**
 * One entity's place in one trade graph: the network-position inputs of the credit model.
 *
 * @param entityId the entity
 * @param region its region, null when unknown
 * @param inDegree distinct sellers it bought from
 * @param outDegree distinct buyers it sold to
 * @param partners distinct trading partners in either direction
 * @param inVolume volume bought
 * @param outVolume volume sold
 * @param pageRank volume-weighted PageRank (scores of one graph sum to 1)
 * @param betweenness normalised betweenness (an estimate when the graph's betweenness is sampled)
 * @param localClustering share of its partner pairs that trade with each other; NaN when the time
 *     budget left this node out of the clustering sample
 * @param counterpartyConcentration HHI of its volume (bought + sold) over its partners: 1 = one
 *     partner takes everything; equal shares (1 / partners) when it has no volume
 * @param meanPartnerPartners mean number of partners of its partners: a structural proxy for
 *     counterparty quality (trading with established, well-connected parties) until credit scores
 *     of counterparties can be joined in
 */
public record EntityPosition(
        String entityId,
        String region,
        int inDegree,
        int outDegree,
        int partners,
        double inVolume,
        double outVolume,
        double pageRank,
        double betweenness,
        double localClustering,
        double counterpartyConcentration,
        double meanPartnerPartners) {}
