package io.crosstrust.ingest.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.crosstrust.events.chain.Erc20Transfer;
import io.crosstrust.ingest.kafka.EmbeddedKafkaBroker;
import io.crosstrust.ingest.local.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The 8,817 real mainnet ERC-20 transfers of ../shared/data (blocks 12,600,000-12,600,050) loaded
 * into Kafka and read back: every row exactly once, with value, addresses and position identical to
 * the CSV's text.
 */
class Erc20TransferReplayITCase {
    private static final Path CSV =
            ProjectRoot.find().resolve("../shared/data/erc20_token_transfers_ethritch.csv");

    @Test
    void aConsumerReadsBackEveryTransferWithValuesIdenticalToTheCsv() throws Exception {
        Instant base = Instant.parse("2021-06-10T00:00:00Z");
        Erc20TransferReplay.Result result;
        List<ChainTopics.Read> read;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            result =
                    Erc20TransferReplay.replay(
                            new Erc20TransferReplay.Request(
                                    CSV, "chain.events", 1, base, Duration.ofSeconds(13)),
                            broker.bootstrapServers());
            read = ChainTopics.readAll(broker.bootstrapServers(), "chain.events", true);
        }
        assertThat(result.transfers()).isEqualTo(8_817);
        assertThat(result.tokens()).isEqualTo(791);
        assertThat(result.firstBlock()).isEqualTo(12_600_000);
        assertThat(result.lastBlock()).isEqualTo(12_600_050);
        assertThat(read).hasSize(8_817);

        Map<String, Erc20Transfer> byId = new HashMap<>();
        for (ChainTopics.Read r : read) {
            Erc20Transfer t = (Erc20Transfer) r.value();
            assertThat(byId.put(t.getEventId(), t)).as("duplicate " + t.getEventId()).isNull();
            assertThat(r.key()).isEqualTo(t.getToken());
        }
        List<String> lines = Files.readAllLines(CSV);
        int longest = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Erc20Transfer t = byId.get("1:" + f[4] + ":" + f[5]);
            assertThat(t).as("row " + line).isNotNull();
            assertThat(t.getToken()).isEqualTo(f[0]);
            assertThat(t.getFrom()).isEqualTo(f[1]);
            assertThat(t.getTo()).isEqualTo(f[2]);
            assertThat(t.getValue().getValue().toPlainString()).isEqualTo(f[3]);
            assertThat(t.getLog().getTxHash()).isEqualTo(f[4]);
            assertThat(t.getLog().getLogIndex()).isEqualTo(Integer.parseInt(f[5]));
            assertThat(t.getLog().getBlockNumber()).isEqualTo(Long.parseLong(f[6]));
            assertThat(t.getLog().getChainId()).isEqualTo(1);
            assertThat(t.getLog().getContractAddress()).isEqualTo(f[0]);
            assertThat(t.getLog().getBlockHash()).isEmpty();
            assertThat(t.getEventTime())
                    .isEqualTo(base.plusSeconds(13 * (Long.parseLong(f[6]) - 12_600_000)));
            longest = Math.max(longest, f[3].length());
        }
        assertThat(longest).as("the file has values beyond 64 bits").isGreaterThan(20);
    }
}
