package io.crosstrust.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.ingest.local.ProjectRoot;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code chain replay} of the real 8,817 transfers as a dry run on an embedded broker. */
class ChainCommandITCase {
    @Test
    void replaysTheRealTransfersAndReadsThemAllBack() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ChainCommand());
        cli.setOut(new PrintWriter(out, true));
        String csv =
                ProjectRoot.find()
                        .resolve("../shared/data/erc20_token_transfers_ethritch.csv")
                        .toString();
        int code =
                cli.execute(
                        "replay",
                        "--csv",
                        csv,
                        "--block-time-base",
                        "2021-06-10T00:00:00Z",
                        "--json");
        assertThat(code).as(out.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(json.get("transfers").asInt()).isEqualTo(8_817);
        assertThat(json.get("tokens").asInt()).isEqualTo(791);
        assertThat(json.get("first_block").asLong()).isEqualTo(12_600_000);
        assertThat(json.get("last_block").asLong()).isEqualTo(12_600_050);
        assertThat(json.get("verified").asBoolean()).isTrue();
        assertThat(json.get("block_time_base").asText()).isEqualTo("2021-06-10T00:00:00Z");
    }
}
