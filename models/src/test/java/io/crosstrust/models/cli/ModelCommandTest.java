package io.crosstrust.models.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.models.ProjectFiles;
import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.features.CreditFeatures;
import io.crosstrust.models.features.FeatureDefinition;
import io.crosstrust.models.scoring.CreditModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code model} commands run in-process through picocli, output captured. */
class ModelCommandTest {
    static final String GERMAN = ProjectFiles.sharedData("german_credit_derived.csv").toString();
    static final ObjectMapper M = new ObjectMapper();

    record Run(int exit, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\\R");
            return lines[lines.length - 1];
        }

        JsonNode json() throws Exception {
            return M.readTree(lastLine());
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = ModelCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void trainOnGermanCreditPrintsCvResultsAndEndsWithJson(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("german.json");
        Run r =
                run(
                        "train",
                        "--data",
                        GERMAN,
                        "--label",
                        "class_1good_2bad",
                        "--positive",
                        "2",
                        "--cv",
                        "5",
                        "--seed",
                        "42",
                        "--out",
                        model.toString(),
                        "--report",
                        dir.resolve("report").toString(),
                        "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("CV accuracy")
                .contains("beside the majority-class baseline 0.7000");
        JsonNode j = r.json();
        assertThat(j.get("rows").asInt()).isEqualTo(1000);
        assertThat(j.get("auc").asDouble()).isGreaterThanOrEqualTo(0.78);
        assertThat(j.get("ks").asDouble()).isBetween(0.3, 1.0);
        assertThat(j.get("baseline_accuracy").asDouble()).isEqualTo(0.7);
        assertThat(j.get("accuracy").asDouble()).isGreaterThan(0.7);
        assertThat(j.get("auc_source").asText()).isEqualTo("cv");
        ModelArtifact a = ArtifactCodec.read(model);
        assertThat(a.contentHash()).isEqualTo(j.get("content_hash").asText());
        assertThat(a.training().dataSha256())
                .isEqualTo("cc591f7d943b40658ec7a1e32f8dd43b7d8cec34547c79ef1f1ef0687d2b1adc");
        for (String f :
                List.of(
                        "report.txt",
                        "metrics.csv",
                        "thresholds.csv",
                        "calibration.csv",
                        "roc.csv",
                        "roc.png",
                        "calibration.png")) {
            assertThat(dir.resolve("report").resolve(f)).isNotEmptyFile();
        }

        Run eval =
                run(
                        "evaluate",
                        "--model",
                        model.toString(),
                        "--data",
                        GERMAN,
                        "--label",
                        "class_1good_2bad",
                        "--positive",
                        "2",
                        "--thresholds",
                        "0.3,0.5",
                        "--json");
        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.json().get("auc").asDouble()).isEqualTo(a.metrics().get("train_auc"));
        assertThat(eval.json().get("psi").asDouble()).isLessThan(0.01);
        assertThat(eval.out()).contains("threshold  precision  recall").contains("decile");

        Path scored = dir.resolve("scored.csv");
        Run score =
                run(
                        "score",
                        "--model",
                        model.toString(),
                        "--data",
                        GERMAN,
                        "--out",
                        scored.toString());
        assertThat(score.exit()).as(score.err()).isZero();
        List<String> lines = Files.readAllLines(scored);
        assertThat(lines).hasSize(1001);
        assertThat(lines.get(0)).endsWith("class_1good_2bad,eta,pd,composite,grade,reasons");
        assertThat(lines.get(1).split(",")).hasSize(21 + 5);

        Run explain =
                run(
                        "explain",
                        "--model",
                        model.toString(),
                        "--data",
                        GERMAN,
                        "--row",
                        "2",
                        "--json");
        assertThat(explain.exit()).as(explain.err()).isZero();
        JsonNode ex = explain.json();
        assertThat(ex.get("features")).hasSize(20);
        double sum = a.intercept();
        for (JsonNode f : ex.get("features")) {
            sum += f.get("contribution").asDouble();
        }
        assertThat(ex.get("eta").asDouble())
                .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ex.get("reasons").size()).isBetween(1, 4);

        Run verify = run("verify", "--model", model.toString());
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).startsWith("ok: model-class_1good_2bad");
    }

    @Test
    void theSameSeedGivesTheSameResults() throws Exception {
        String[] args = {
            "train",
            "--data",
            GERMAN,
            "--label",
            "class_1good_2bad",
            "--positive",
            "2",
            "--cv",
            "3",
            "--seed",
            "5",
            "--created-at",
            "2026-01-01T00:00:00Z",
            "--json"
        };
        Run a = run(args);
        Run b = run(args);
        assertThat(a.exit()).isZero();
        assertThat(b.lastLine()).isEqualTo(a.lastLine());
        assertThat(a.out()).isEqualTo(b.out());
    }

    @Test
    void badInputFailsFastSayingWhatToFix(@TempDir Path dir) throws Exception {
        Run unknown =
                run(
                        "train",
                        "--data",
                        GERMAN,
                        "--label",
                        "class_1good_2bad",
                        "--positive",
                        "2",
                        "--folds",
                        "3");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option").contains("'--folds'");

        Run missingOption = run("train", "--data", GERMAN, "--label", "class_1good_2bad");
        assertThat(missingOption.exit()).isEqualTo(2);
        assertThat(missingOption.err()).contains("--positive");

        Run notANumber =
                run(
                        "train",
                        "--data",
                        GERMAN,
                        "--label",
                        "class_1good_2bad",
                        "--positive",
                        "2",
                        "--cv",
                        "five");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--cv").contains("five");

        Run oneFold =
                run(
                        "train",
                        "--data",
                        GERMAN,
                        "--label",
                        "class_1good_2bad",
                        "--positive",
                        "2",
                        "--cv",
                        "1");
        assertThat(oneFold.exit()).isEqualTo(2);
        assertThat(oneFold.err()).contains("--cv must be 0 (no cross-validation) or at least 2");

        Run noFile =
                run(
                        "train",
                        "--data",
                        dir.resolve("nope.csv").toString(),
                        "--label",
                        "y",
                        "--positive",
                        "1");
        assertThat(noFile.exit()).isEqualTo(1);
        assertThat(noFile.err()).contains("no such file").contains("nope.csv");

        Run noColumn = run("train", "--data", GERMAN, "--label", "klass", "--positive", "2");
        assertThat(noColumn.exit()).isEqualTo(1);
        assertThat(noColumn.err()).contains("no column 'klass'").contains("class_1good_2bad");

        Run noPositive =
                run("train", "--data", GERMAN, "--label", "class_1good_2bad", "--positive", "bad");
        assertThat(noPositive.exit()).isEqualTo(1);
        assertThat(noPositive.err()).contains("no row has label 'bad'").contains("[1, 2]");

        Run badDirection =
                run(
                        "train",
                        "--data",
                        GERMAN,
                        "--label",
                        "class_1good_2bad",
                        "--positive",
                        "2",
                        "--monotone",
                        "age=sideways");
        assertThat(badDirection.exit()).isEqualTo(2);
        assertThat(badDirection.err()).contains("monotone must be none, increasing_risk");

        Path broken = dir.resolve("broken.json");
        Files.writeString(
                broken,
                ArtifactCodec.toJson(CreditModel.builtIn().artifact())
                        .replace("\"intercept\" : -", "\"intercept\" : -1"));
        Run tampered = run("verify", "--model", broken.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.err()).contains("content hash mismatch");

        Run noSub = run();
        assertThat(noSub.exit()).isEqualTo(2);
        assertThat(noSub.err()).contains("name a subcommand");
    }

    @Test
    void streamingFeatureTablesTrainModelsTheScoringJobCanLoad(@TempDir Path dir) throws Exception {
        // a generated feature table: the credit features plus a label, as the generator will give
        Random r = new Random(31);
        StringBuilder csv = new StringBuilder();
        for (FeatureDefinition d : CreditFeatures.DEFINITIONS) {
            csv.append(d.name()).append(',');
        }
        csv.append("entity_id,defaulted\r\n");
        for (int i = 0; i < 600; i++) {
            double q = r.nextGaussian();
            for (FeatureDefinition d : CreditFeatures.DEFINITIONS) {
                double v = r.nextDouble();
                if (d.name().equals("payment.on_time_rate")) {
                    v = 1 / (1 + Math.exp(-(1 + q + 0.5 * r.nextGaussian())));
                }
                csv.append(v).append(',');
            }
            csv.append("\"e,")
                    .append(i)
                    .append("\",")
                    .append(r.nextDouble() < 1 / (1 + Math.exp(2 + 1.5 * q)) ? 1 : 0)
                    .append("\r\n");
        }
        Path data = dir.resolve("features.csv");
        Files.writeString(data, csv);
        Path model = dir.resolve("streaming.json");
        Run t =
                run(
                        "train",
                        "--data",
                        data.toString(),
                        "--label",
                        "defaulted",
                        "--positive",
                        "1",
                        "--exclude",
                        "entity_id",
                        "--streaming",
                        "--half-life-days",
                        "60",
                        "--out",
                        model.toString(),
                        "--json");
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.json().get("auc").asDouble()).isGreaterThan(0.65);
        CreditModel m = CreditModel.of(ArtifactCodec.read(model));
        assertThat(m.features().halfLifeDays()).isEqualTo(60.0);
        ModelArtifact.Feature onTime =
                m.artifact().features().stream()
                        .filter(f -> f.name().equals("payment.on_time_rate"))
                        .findFirst()
                        .orElseThrow();
        assertThat(onTime.dimension()).isEqualTo("payment");
        assertThat(onTime.monotone()).isEqualTo("decreasing_risk");
        assertThat(onTime.weight()).isPositive();

        Run notFeatures =
                run(
                        "train",
                        "--data",
                        data.toString(),
                        "--label",
                        "defaulted",
                        "--positive",
                        "1",
                        "--streaming");
        assertThat(notFeatures.exit()).isEqualTo(1);
        assertThat(notFeatures.err()).contains("'entity_id' is not a numeric credit feature");

        Path region = dir.resolve("region.json");
        Run rw =
                run(
                        "reweight",
                        "--model",
                        "default",
                        "--data",
                        data.toString(),
                        "--id",
                        "region-de",
                        "--out",
                        region.toString());
        assertThat(rw.exit()).as(rw.err()).isZero();
        assertThat(rw.out()).contains("entropy_weight_payment");
        assertThat(CreditModel.of(ArtifactCodec.read(region)).id()).isEqualTo("region-de");
    }

    @Test
    void explainTakesFeatureValuesAndScoresTheBuiltInModel() throws Exception {
        Run r =
                run(
                        "explain",
                        "--model",
                        "default",
                        "--set",
                        "payment.on_time_rate=0.2",
                        "--set",
                        "payment.avg_days_late=30");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("payment.on_time_rate")
                .contains("PAY_DAYS_LATE")
                .contains("grade");
        Run bad = run("explain", "--model", "default", "--set", "nonsense=1");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("no such feature");
    }
}
