package io.crosstrust.jobs.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.jobs.JobArguments;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkOptionsTest {
    @Test
    void theDefaultsAreDailyAndThirtyDaysWithATwoSecondBudget() {
        NetworkJob.Settings s = NetworkJob.Settings.defaults();
        assertThat(s.windows().kinds())
                .extracting(NetworkWindows.Kind::name)
                .containsExactly("tumbling-1d", "sliding-30d");
        assertThat(s.analysis().timeBudget()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.analysis().exactBetweennessMaxNodes()).isEqualTo(2_000);
        assertThat(s.reportingCurrency()).isEqualTo("USD");
        assertThat(s.outOfOrderness()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.positions()).isTrue();
    }

    @Test
    void argumentsSetTheWindowsAndTheAnalysis() {
        NetworkJob.Settings s =
                NetworkOptions.settings(
                        JobArguments.parse(
                                new String[] {
                                    "--crosstrust.network.tumbling-window", "6 h",
                                    "--crosstrust.network.sliding-window", "0 ms",
                                    "--crosstrust.network.top-k", "3",
                                    "--crosstrust.network.reporting-currency", "EUR",
                                    "--crosstrust.kafka.bootstrap-servers", "kafka:9092"
                                },
                                NetworkOptions.ALL));
        assertThat(s.windows().kinds())
                .extracting(NetworkWindows.Kind::name)
                .containsExactly("tumbling-6h");
        assertThat(s.analysis().topK()).isEqualTo(3);
        assertThat(s.reportingCurrency()).isEqualTo("EUR");
    }

    @Test
    void aTypoFailsWithTheKnownKeys() {
        assertThatThrownBy(
                        () ->
                                JobArguments.parse(
                                        new String[] {"--crosstrust.network.tumbling", "1 d"},
                                        NetworkOptions.ALL))
                .hasMessageContaining("unknown option --crosstrust.network.tumbling")
                .hasMessageContaining("crosstrust.network.tumbling-window");
    }
}
