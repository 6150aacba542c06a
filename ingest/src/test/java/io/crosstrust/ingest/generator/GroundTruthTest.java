package io.crosstrust.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.output.WarningType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {
    @TempDir Path dir;

    @Test
    void roundTripsThroughJsonByteForByte() throws IOException {
        GroundTruth truth = TestWorlds.medium().truth();
        Path json = dir.resolve("truth.json");
        truth.writeJson(json);
        GroundTruth back = GroundTruth.readJson(json);
        assertThat(back).isEqualTo(truth);
        Path again = dir.resolve("again.json");
        back.writeJson(again);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(json));
        assertThat(Files.readString(json)).startsWith("{\n  \"format\" : \"" + GroundTruth.FORMAT);
    }

    @Test
    void sameWorldWritesTheSameFiles() throws IOException {
        GroundTruth a = TradeWorld.groundTruthOf(TestWorlds.SMALL);
        GroundTruth b = TradeWorld.groundTruthOf(TestWorlds.SMALL);
        a.writeJson(dir.resolve("a.json"));
        b.writeJson(dir.resolve("b.json"));
        a.writeCsv(dir.resolve("a.csv"));
        b.writeCsv(dir.resolve("b.csv"));
        assertThat(Files.readAllBytes(dir.resolve("b.json")))
                .isEqualTo(Files.readAllBytes(dir.resolve("a.json")));
        assertThat(Files.readAllBytes(dir.resolve("b.csv")))
                .isEqualTo(Files.readAllBytes(dir.resolve("a.csv")));
        assertThat(a.config()).containsEntry("seed", "7").containsEntry("entities", "300");
    }

    @Test
    void csvHasOneRowPerEntityAndOneCountColumnPerIncidentKind() throws IOException {
        GroundTruth truth = TestWorlds.small().truth();
        Path csv = dir.resolve("truth.csv");
        truth.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(truth.entities().size() + 1);
        String[] header = lines.get(0).split(",", -1);
        assertThat(header)
                .startsWith("id", "kind", "region", "profile", "registered", "onset", "defaulted")
                .contains("expected_warnings", "n_payment_overdue", "n_default");
        assertThat(header).hasSize(11 + IncidentKind.values().length);
        for (String line : lines.subList(1, lines.size())) {
            assertThat(line.split(",", -1)).hasSize(header.length);
        }
        EntityTruth first = truth.entities().get(0);
        assertThat(lines.get(1)).startsWith(first.id() + "," + first.kind() + "," + first.region());

        Path incidents = dir.resolve("incidents.csv");
        truth.writeIncidentsCsv(incidents);
        long times =
                truth.entities().stream()
                        .flatMap(e -> e.incidents().values().stream())
                        .mapToLong(l -> l.times().size())
                        .sum();
        assertThat(Files.readAllLines(incidents)).hasSize((int) times + 1);
    }

    @Test
    void readingSomethingElseFailsClearly() throws IOException {
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"hello\": 1}");
        assertThatThrownBy(() -> GroundTruth.readJson(other))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a ground-truth file");
    }

    @Test
    void answersDefaultWithinAHorizon() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant defaulted = t0.plus(Duration.ofDays(50));
        EntityTruth bad =
                new EntityTruth(
                        "B000001",
                        EntityKind.BUYER,
                        "US",
                        Profile.DELINQUENT,
                        t0,
                        t0.plus(Duration.ofDays(20)),
                        defaulted,
                        DefaultCause.PROFILE,
                        null,
                        List.of(),
                        Map.of(IncidentKind.DEFAULT, new IncidentLog(1, List.of(defaulted))),
                        List.of(new ExpectedWarning(WarningType.SCORE_DROP, t0, defaulted)));
        EntityTruth good =
                new EntityTruth(
                        "B000002",
                        EntityKind.BUYER,
                        "DE",
                        Profile.RELIABLE,
                        t0,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        Map.of(),
                        List.of());
        GroundTruth truth =
                new GroundTruth(1, Map.of(), t0, t0.plus(Duration.ofDays(90)), List.of(bad, good));
        Duration month = Duration.ofDays(30);
        assertThat(truth.defaultedWithin("B000001", t0.plus(Duration.ofDays(30)), month)).isTrue();
        assertThat(truth.defaultedWithin("B000001", t0.plus(Duration.ofDays(20)), month)).isTrue();
        assertThat(truth.defaultedWithin("B000001", t0.plus(Duration.ofDays(19)), month)).isFalse();
        assertThat(truth.defaultedWithin("B000001", defaulted, month))
                .as("already defaulted")
                .isFalse();
        assertThat(truth.defaultedWithin("B000002", t0, month)).isFalse();
        assertThat(truth.defaultedWithin("nobody", t0, month)).isFalse();
        assertThat(truth.defaultedBy("B000001", defaulted)).isTrue();
        assertThat(truth.defaultedBy("B000001", defaulted.minusMillis(1))).isFalse();
        assertThat(truth.entity("B000002")).contains(good);
        assertThat(truth.entity("nobody")).isEmpty();
        assertThat(truth.defaulted()).containsExactly(bad);
        assertThat(truth.misbehaved()).containsExactly(bad);
        assertThat(truth.expects("B000001", WarningType.SCORE_DROP)).isTrue();
        assertThat(truth.expects("B000002", WarningType.SCORE_DROP)).isFalse();
        assertThat(truth.profileCounts())
                .containsEntry(Profile.DELINQUENT, 1L)
                .containsEntry(Profile.RELIABLE, 1L)
                .containsEntry(Profile.BUST_OUT, 0L);
    }

    @Test
    void isASnapshotOfWhatHadHappenedByItsClock() {
        TradeWorld world = new TradeWorld(TestWorlds.SMALL);
        world.skip(2000);
        GroundTruth early = world.groundTruth();
        while (world.hasNext()) {
            world.next();
        }
        GroundTruth late = world.groundTruth();
        assertThat(early.asOf()).isBefore(late.asOf());
        for (EntityTruth e : early.entities()) {
            assertThat(e.onset() == null || !e.onset().isAfter(early.asOf())).isTrue();
            for (IncidentLog log : e.incidents().values()) {
                assertThat(log.times()).allMatch(t -> !t.isAfter(early.asOf()));
            }
        }
        assertThat(late.defaulted().size()).isGreaterThanOrEqualTo(early.defaulted().size());
    }

    @Test
    void initialPopulationMatchesTheConfiguredProfileMix() {
        TestWorlds.Generated world = TestWorlds.medium();
        TradeWorldConfig.Population expected = TradeWorldConfig.Population.of(world.config());
        Instant firstHour = world.config().start().plus(Duration.ofHours(1));
        long sellers = 0;
        long buyers = 0;
        long carriers = 0;
        int[] profiles = new int[Profile.values().length];
        for (EntityTruth e : world.truth().entities()) {
            if (e.registered().isBefore(firstHour)) {
                switch (e.kind()) {
                    case SELLER -> sellers++;
                    case BUYER -> buyers++;
                    default -> carriers++;
                }
                if (e.kind() != EntityKind.LOGISTICS) {
                    profiles[e.profile().ordinal()]++;
                }
                assertThat(e.profile().appliesTo(e.kind())).isTrue();
            }
        }
        assertThat(sellers).isEqualTo(expected.sellers());
        assertThat(buyers).isEqualTo(expected.buyers());
        assertThat(carriers).isEqualTo(expected.carriers());
        for (Profile p : Profile.values()) {
            assertThat(profiles[p.ordinal()]).as(p.name()).isEqualTo(expected.count(p));
        }
    }
}
