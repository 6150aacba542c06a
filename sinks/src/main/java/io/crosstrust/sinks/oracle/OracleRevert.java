package io.crosstrust.sinks.oracle;

import java.util.Locale;
import org.web3j.crypto.Hash;

/** Decodes the CreditOracle's revert data into what the poster must do about it. */
record OracleRevert(Reason reason, String entityHex, String text) {
    enum Reason {
        STALE_VERSION,
        PAUSED,
        UNAUTHORIZED,
        OTHER
    }

    private static final String STALE = selector("StaleVersion(bytes32,uint64,uint64)");
    private static final String PAUSED = selector("EnforcedPause()");
    private static final String UNAUTHORIZED =
            selector("AccessControlUnauthorizedAccount(address,bytes32)");
    private static final String INVALID = selector("InvalidUpdate(bytes32,string)");
    private static final String MALFORMED = selector("MalformedBatch(uint256)");

    static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    static OracleRevert decode(String data) {
        String d = data == null ? "" : data.toLowerCase(Locale.ROOT);
        if (!d.startsWith("0x")) {
            d = "0x" + d;
        }
        if (d.startsWith(STALE) && d.length() >= 10 + 3 * 64) {
            String entity = "0x" + d.substring(10, 74);
            long stored = Long.parseUnsignedLong(d.substring(74 + 48, 138), 16);
            long offered = Long.parseUnsignedLong(d.substring(138 + 48, 202), 16);
            return new OracleRevert(
                    Reason.STALE_VERSION,
                    entity,
                    "StaleVersion(" + entity + ", stored " + stored + ", offered " + offered + ")");
        }
        if (d.startsWith(PAUSED)) {
            return new OracleRevert(
                    Reason.PAUSED, null, "EnforcedPause(): the CreditOracle is paused");
        }
        if (d.startsWith(UNAUTHORIZED)) {
            return new OracleRevert(
                    Reason.UNAUTHORIZED,
                    null,
                    "AccessControlUnauthorizedAccount: the signing address has no UPDATER_ROLE");
        }
        if (d.startsWith(INVALID)) {
            return new OracleRevert(
                    Reason.OTHER, null, "InvalidUpdate (an entry the contract refuses): " + d);
        }
        if (d.startsWith(MALFORMED)) {
            return new OracleRevert(Reason.OTHER, null, "MalformedBatch: " + d);
        }
        return new OracleRevert(
                Reason.OTHER, null, "revert data " + (d.length() > 2 ? d : "(none)"));
    }
}
