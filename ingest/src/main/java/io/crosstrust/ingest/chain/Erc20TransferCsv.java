package io.crosstrust.ingest.chain;

import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.events.common.ChainLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads ERC-20 transfers in the ethereum-etl {@code token_transfers} CSV layout ({@code
 * token_address,from_address,to_address,value,transaction_hash,log_index,block_number}) into the
 * same {@link Erc20Transfer} chain events the listener emits for live Transfer logs, with exact
 * uint256 values.
 *
 * <p>The layout carries neither block hashes nor timestamps. {@code log.block_hash} is left empty
 * (unknown, never invented), and block times are synthetic: {@code blockTimeBase + (block -
 * firstBlock) x blockInterval}, so blocks keep their order and spacing. Every row is checked (hex
 * widths, value at most 2^256-1, integers) before anything is returned; a bad row fails the whole
 * file with its line number.
 */
public final class Erc20TransferCsv {
    public static final String HEADER =
            "token_address,from_address,to_address,value,transaction_hash,log_index,block_number";

    /** About the mean Ethereum mainnet block interval in mid-2021 (proof of work). */
    public static final Duration MAINNET_2021_BLOCK_INTERVAL = Duration.ofSeconds(13);

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,78}");
    private static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private Erc20TransferCsv() {}

    /** One row, checked. */
    public record Row(
            String token,
            String from,
            String to,
            BigInteger value,
            String txHash,
            int logIndex,
            long blockNumber) {}

    /** Reads and checks every row. */
    public static List<Row> read(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IllegalArgumentException(
                        csv + ": expected the header " + HEADER + ", got " + header);
            }
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                rows.add(parse(csv, number, line));
            }
        }
        return rows;
    }

    private static Row parse(Path csv, int line, String text) {
        String[] f = text.strip().split(",", -1);
        if (f.length != 7) {
            throw bad(csv, line, "has " + f.length + " fields, expected 7");
        }
        String token = check(csv, line, "token_address", f[0], ADDRESS);
        String from = check(csv, line, "from_address", f[1], ADDRESS);
        String to = check(csv, line, "to_address", f[2], ADDRESS);
        String digits = check(csv, line, "value", f[3], DIGITS);
        BigInteger value = new BigInteger(digits);
        if (value.compareTo(MAX_UINT256) > 0) {
            throw bad(csv, line, "value " + digits + " exceeds uint256");
        }
        String tx = check(csv, line, "transaction_hash", f[4], HASH);
        int logIndex;
        long block;
        try {
            logIndex = Integer.parseInt(f[5]);
            block = Long.parseLong(f[6]);
        } catch (NumberFormatException e) {
            throw bad(csv, line, "log_index and block_number must be integers");
        }
        if (logIndex < 0 || block < 0) {
            throw bad(csv, line, "log_index and block_number must be >= 0");
        }
        return new Row(token, from, to, value, tx, logIndex, block);
    }

    private static String check(Path csv, int line, String field, String value, Pattern p) {
        if (!p.matcher(value).matches()) {
            throw bad(csv, line, field + " '" + value + "' is malformed");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException bad(Path csv, int line, String what) {
        return new IllegalArgumentException(csv.getFileName() + " line " + line + ": " + what);
    }

    /**
     * The chain event of a row.
     *
     * @param chainId the chain the rows come from (1 for Ethereum mainnet)
     * @param firstBlock the block that gets {@code blockTimeBase}
     */
    public static Erc20Transfer toEvent(
            Row row, long chainId, long firstBlock, Instant blockTimeBase, Duration blockInterval) {
        Instant time =
                blockTimeBase.plus(blockInterval.multipliedBy(row.blockNumber() - firstBlock));
        return new Erc20Transfer(
                chainId + ":" + row.txHash() + ":" + row.logIndex(),
                time,
                new ChainLog(
                        chainId,
                        row.token(),
                        row.blockNumber(),
                        "",
                        row.txHash(),
                        row.logIndex(),
                        time,
                        false),
                row.token(),
                row.from(),
                row.to(),
                ChainLogDecoder.uint256(row.value()));
    }
}
