package io.crosstrust.ingest.chain.escrow;

import io.crosstrust.ingest.chain.LocalChainClient;
import io.crosstrust.ingest.chain.contracts.TestStablecoin;
import io.crosstrust.ingest.chain.contracts.TradeEscrow;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The contracts the escrow executor trades through and the two accounts that run them: a
 * TradeEscrow allowing one TestStablecoin, the admin (deployer, minter) and the arbiter (who
 * resolves disputes, never a party to an order).
 *
 * @param escrow TradeEscrow address, 0x-hex lower case
 * @param token TestStablecoin address, 0x-hex lower case
 * @param admin the deploying account: escrow admin and stablecoin minter
 * @param arbiter holds ARBITER_ROLE on the escrow
 */
public record EscrowDeployment(String escrow, String token, String admin, String arbiter) {
    /** Decimals of the test stablecoin (like USDC): 1 USD = 1,000,000 base units. */
    public static final int TOKEN_DECIMALS = 6;

    /** Symbol of the test stablecoin. */
    public static final String TOKEN_SYMBOL = "tUSD";

    public EscrowDeployment {
        escrow = lower(escrow, "escrow");
        token = lower(token, "token");
        admin = lower(admin, "admin");
        arbiter = lower(arbiter, "arbiter");
        if (admin.equals(arbiter)) {
            throw new IllegalArgumentException("the arbiter must not be the admin: " + arbiter);
        }
    }

    /**
     * Deploys TestStablecoin and TradeEscrow on a local chain from its first two development
     * accounts (admin, arbiter) and allows the stablecoin in the escrow. Turns automine on, since
     * the wrappers wait for receipts; the executor takes over mining afterwards.
     */
    public static EscrowDeployment deploy(LocalChainClient chain) {
        List<String> accounts = chain.accounts();
        if (accounts.size() < 2) {
            throw new IllegalStateException(
                    "the node has " + accounts.size() + " unlocked accounts, 2 are needed");
        }
        String admin = accounts.get(0);
        String arbiter = accounts.get(1);
        chain.setAutomine(true);
        TestStablecoin usd = chain.deployStablecoin(admin);
        TradeEscrow escrow = chain.deployEscrow(admin, arbiter, usd.getContractAddress());
        return new EscrowDeployment(
                escrow.getContractAddress(), usd.getContractAddress(), admin, arbiter);
    }

    private static String lower(String address, String what) {
        Objects.requireNonNull(address, what);
        if (!address.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException(what + " is not an address: " + address);
        }
        return address.toLowerCase(Locale.ROOT);
    }
}
