package io.crosstrust.ingest.chain.escrow;

import java.util.List;
import java.util.Objects;

/**
 * One transaction the escrow executor sends on behalf of the trade world: who sends it, to which
 * contract, the ABI-encoded call (from the web3j wrappers), and the constraints on the block it may
 * go into.
 *
 * @param kind what the call does
 * @param from the sender: a world entity's chain address, or the deployer/arbiter account
 * @param to the contract called (escrow or token)
 * @param data the ABI-encoded function call, 0x-hex
 * @param gas gas limit of the transaction
 * @param orderId the platform order id (the generator's {@code O…}), null for account set-up calls
 * @param escrowId the bytes32 escrow order id (0x-hex), null for account set-up calls
 * @param worldTime chain time (unix seconds) of the world step that led to the call
 * @param notBefore the block's timestamp must be at least this (a refund needs the ship-by date
 *     passed); 0 for none
 * @param notAfter the block's timestamp must be at most this (funding and shipping need the ship-by
 *     date not passed); {@link Long#MAX_VALUE} for none
 * @param keys what the call depends on and changes (the escrow order, a buyer's token balance or
 *     allowance): two calls with a common key and different senders never share a block, so their
 *     order holds whatever order the node puts a block's transactions in
 */
public record EscrowCall(
        Kind kind,
        String from,
        String to,
        String data,
        long gas,
        String orderId,
        String escrowId,
        long worldTime,
        long notBefore,
        long notAfter,
        List<String> keys) {

    /** What a call does; the escrow kinds emit one TradeEscrow event each. */
    public enum Kind {
        /** The deployer mints test stablecoins to a buyer (ERC-20 Transfer from 0). */
        MINT(null),
        /** A buyer lets the escrow take its stablecoins (ERC-20 Approval). */
        APPROVE(null),
        CREATE("EscrowCreated"),
        FUND("EscrowFunded"),
        SHIP("EscrowShipped"),
        CONFIRM("EscrowDeliveryConfirmed"),
        RELEASE("EscrowReleased"),
        DISPUTE("EscrowDisputed"),
        RESOLVE("EscrowResolved"),
        REFUND("EscrowRefunded");

        private final String event;

        Kind(String event) {
            this.event = event;
        }

        /** The chain event (Avro record name) the call makes the listener emit, or null. */
        public String event() {
            return event;
        }
    }

    /** Checks the fields. */
    public EscrowCall {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(data, "data");
        keys = List.copyOf(keys);
    }
}
