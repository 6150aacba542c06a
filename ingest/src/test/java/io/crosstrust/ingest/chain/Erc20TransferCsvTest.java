package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.chain.Erc20Transfer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Erc20TransferCsvTest {
    private static final String TOKEN = "0x6B175474E89094C44Da98b954EedeAC495271d0F";
    private static final String A = "0xc51f7bc0786b40d70a32f5a87cef638d8281e54c";
    private static final String B = "0xa478c2975ab1ea89e8196811f51a7b7ade33eb11";
    private static final String TX = "0x" + "b2".repeat(32);
    private static final String MAX =
            "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    private static Path csv(Path dir, String... rows) throws Exception {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, Erc20TransferCsv.HEADER + "\n" + String.join("\n", rows) + "\n");
        return file;
    }

    @Test
    void readsRowsIntoTheLiveTransferEventExactly(@TempDir Path dir) throws Exception {
        List<Erc20TransferCsv.Row> rows =
                Erc20TransferCsv.read(
                        csv(
                                dir,
                                String.join(",", TOKEN, A, B, MAX, TX, "3", "12600002"),
                                String.join(",", TOKEN, B, A, "0", TX, "4", "12600000")));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).value()).isEqualTo(new BigInteger(MAX));
        assertThat(rows.get(0).token()).isEqualTo(TOKEN.toLowerCase());
        Instant base = Instant.parse("2021-06-10T00:00:00Z");
        Erc20Transfer t =
                Erc20TransferCsv.toEvent(rows.get(0), 1, 12_600_000, base, Duration.ofSeconds(13));
        assertThat(t.getEventId()).isEqualTo("1:" + TX + ":3");
        assertThat(t.getValue().getValue().toPlainString()).isEqualTo(MAX);
        assertThat(t.getEventTime()).isEqualTo(base.plusSeconds(26));
        assertThat(t.getLog().getBlockTime()).isEqualTo(t.getEventTime());
        assertThat(t.getLog().getBlockHash()).isEmpty();
        assertThat(t.getLog().getRemoved()).isFalse();
    }

    @Test
    void aBadRowFailsTheFileWithItsLineNumber(@TempDir Path dir) throws Exception {
        String good = String.join(",", TOKEN, A, B, "1", TX, "0", "1");
        assertThatThrownBy(
                        () ->
                                Erc20TransferCsv.read(
                                        csv(
                                                dir,
                                                good,
                                                String.join(
                                                        ",", TOKEN, A, B, MAX + "0", TX, "0",
                                                        "1"))))
                .hasMessageContaining("line 3")
                .hasMessageContaining("value");
        BigInteger tooBig = BigInteger.TWO.pow(256);
        assertThatThrownBy(
                        () ->
                                Erc20TransferCsv.read(
                                        csv(
                                                dir,
                                                String.join(
                                                        ",",
                                                        TOKEN,
                                                        A,
                                                        B,
                                                        tooBig.toString(),
                                                        TX,
                                                        "0",
                                                        "1"))))
                .hasMessageContaining("exceeds uint256");
        assertThatThrownBy(
                        () ->
                                Erc20TransferCsv.read(
                                        csv(
                                                dir,
                                                String.join(
                                                        ",", TOKEN, "0x12", B, "1", TX, "0", "1"))))
                .hasMessageContaining("from_address");
        assertThatThrownBy(() -> Erc20TransferCsv.read(csv(dir, "a,b")))
                .hasMessageContaining("has 2 fields");
        Path noHeader = dir.resolve("h.csv");
        Files.writeString(noHeader, "x,y\n");
        assertThatThrownBy(() -> Erc20TransferCsv.read(noHeader))
                .hasMessageContaining("expected the header");
    }
}
