package io.crosstrust.deploy.manifests;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the validators out of a QBFT genesis {@code extraData}: the RLP list {@code [32-byte
 * vanity, [validator addresses], vote, round, [seals]]} that Besu's {@code operator
 * generate-blockchain-config} writes. Only as much RLP as that needs.
 */
final class QbftExtraData {
    private QbftExtraData() {}

    /**
     * The validator addresses ({@code 0x} + 40 hex digits).
     *
     * @throws IllegalArgumentException when the value is not QBFT extraData
     */
    static List<String> validators(String extraData) {
        if (extraData == null || !extraData.startsWith("0x")) {
            throw new IllegalArgumentException("missing or not hex");
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(extraData.substring(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + e.getMessage());
        }
        List<int[]> top = items(bytes, listPayload(bytes, 0));
        if (top.size() != 5) {
            throw new IllegalArgumentException(
                    "expected an RLP list of 5 items (vanity, validators, vote, round, seals), got "
                            + top.size());
        }
        int[] vanity = top.get(0);
        if (vanity[2] != 32) {
            throw new IllegalArgumentException("vanity is " + vanity[2] + " bytes, expected 32");
        }
        int[] validatorList = top.get(1);
        List<String> out = new ArrayList<>();
        for (int[] v : items(bytes, new int[] {validatorList[1], validatorList[2]})) {
            if (v[0] != 0 || v[2] != 20) {
                throw new IllegalArgumentException("a validator is not a 20-byte address");
            }
            out.add("0x" + HexFormat.of().formatHex(bytes, v[1], v[1] + 20));
        }
        return out;
    }

    /** The payload (offset, length) of the list starting at {@code at}. */
    private static int[] listPayload(byte[] b, int at) {
        int[] item = item(b, at);
        if (item[0] != 1) {
            throw new IllegalArgumentException("expected an RLP list");
        }
        if (item[1] + item[2] != b.length) {
            throw new IllegalArgumentException("trailing bytes after the RLP list");
        }
        return new int[] {item[1], item[2]};
    }

    /** Items of a list payload, each {kind (0 string, 1 list), payload offset, payload length}. */
    private static List<int[]> items(byte[] b, int[] payload) {
        List<int[]> out = new ArrayList<>();
        int at = payload[0];
        int end = payload[0] + payload[1];
        while (at < end) {
            int[] item = item(b, at);
            out.add(item);
            at = item[1] + item[2];
        }
        if (at != end) {
            throw new IllegalArgumentException("an RLP item runs past its list");
        }
        return out;
    }

    private static int[] item(byte[] b, int at) {
        if (at >= b.length) {
            throw new IllegalArgumentException("truncated RLP");
        }
        int p = b[at] & 0xff;
        int[] r;
        if (p < 0x80) {
            r = new int[] {0, at, 1};
        } else if (p <= 0xb7) {
            r = new int[] {0, at + 1, p - 0x80};
        } else if (p < 0xc0) {
            int n = p - 0xb7;
            r = new int[] {0, at + 1 + n, length(b, at + 1, n)};
        } else if (p <= 0xf7) {
            r = new int[] {1, at + 1, p - 0xc0};
        } else {
            int n = p - 0xf7;
            r = new int[] {1, at + 1 + n, length(b, at + 1, n)};
        }
        if (r[1] + r[2] > b.length) {
            throw new IllegalArgumentException("truncated RLP");
        }
        return r;
    }

    private static int length(byte[] b, int at, int n) {
        if (n > 3 || at + n > b.length) {
            throw new IllegalArgumentException("bad RLP length");
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (b[at + i] & 0xff);
        }
        return len;
    }
}
