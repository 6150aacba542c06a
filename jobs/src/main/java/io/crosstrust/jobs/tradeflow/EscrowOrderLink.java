package io.crosstrust.jobs.tradeflow;

import io.crosstrust.ingest.normalise.ChainEventNormaliser;

/**
 * What the platform's OrderPlaced of an escrow-settled order says about it, keyed by the escrow
 * order id the chain knows it by: the platform order id and the parties. A Flink POJO.
 */
public class EscrowOrderLink {
    public String escrowId;
    public String orderId;
    public String buyerId;
    public String sellerId;
    public String buyerRegion;
    public String sellerRegion;

    public EscrowOrderLink() {}

    public EscrowOrderLink(
            String escrowId,
            String orderId,
            String buyerId,
            String sellerId,
            String buyerRegion,
            String sellerRegion) {
        this.escrowId = escrowId;
        this.orderId = orderId;
        this.buyerId = buyerId;
        this.sellerId = sellerId;
        this.buyerRegion = buyerRegion;
        this.sellerRegion = sellerRegion;
    }

    ChainEventNormaliser.EscrowOrder order() {
        return new ChainEventNormaliser.EscrowOrder(
                orderId, buyerId, sellerId, buyerRegion, sellerRegion);
    }
}
