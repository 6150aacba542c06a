package io.crosstrust.models.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A model evaluation written for people: {@code report.txt} (summary), {@code metrics.csv}, {@code
 * thresholds.csv} (precision/recall), {@code calibration.csv} (by decile), {@code roc.csv}, and
 * {@code roc.png} / {@code calibration.png} plots (drawn headless with Java2D).
 */
public final class EvaluationReport {
    public static final double[] DEFAULT_THRESHOLDS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};

    private final String title;
    private final BinaryMetrics metrics;
    private final List<BinaryMetrics.ThresholdRow> thresholds;
    private final List<BinaryMetrics.CalibrationRow> calibration;
    private final List<BinaryMetrics.RocPoint> roc;
    private final List<String> notes = new ArrayList<>();

    public EvaluationReport(String title, int[] y, double[] pd, double... thresholdList) {
        this.title = title;
        this.metrics = BinaryMetrics.of(y, pd);
        this.thresholds =
                BinaryMetrics.atThresholds(
                        y, pd, thresholdList.length == 0 ? DEFAULT_THRESHOLDS : thresholdList);
        this.calibration = BinaryMetrics.calibration(y, pd, 10);
        this.roc = BinaryMetrics.roc(y, pd);
    }

    /** Adds a line to the summary (e.g. cross-validation results, PSI). */
    public EvaluationReport note(String line) {
        notes.add(line);
        return this;
    }

    public BinaryMetrics metrics() {
        return metrics;
    }

    public List<BinaryMetrics.ThresholdRow> thresholds() {
        return thresholds;
    }

    public List<BinaryMetrics.CalibrationRow> calibration() {
        return calibration;
    }

    /** The human-readable summary. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        sb.append(
                f(
                        "rows %d, positives %d (%.1f%%)%n",
                        metrics.rows(),
                        metrics.positives(),
                        100.0 * metrics.positives() / metrics.rows()));
        sb.append(
                f(
                        "AUC %.4f  KS %.4f  Gini %.4f  Brier %.4f  log loss %.4f%n",
                        metrics.auc(),
                        metrics.ks(),
                        metrics.gini(),
                        metrics.brier(),
                        metrics.logLoss()));
        sb.append(
                f(
                        "accuracy %.4f at PD >= %.2f, beside the majority-class baseline %.4f%n",
                        metrics.accuracy(), metrics.threshold(), metrics.baselineAccuracy()));
        for (String n : notes) {
            sb.append(n).append('\n');
        }
        sb.append("\nthreshold  precision  recall  f1      flagged\n");
        for (BinaryMetrics.ThresholdRow t : thresholds) {
            sb.append(
                    f(
                            "%9.2f  %9.4f  %6.4f  %6.4f  %7.4f%n",
                            t.threshold(), t.precision(), t.recall(), t.f1(), t.flaggedShare()));
        }
        sb.append("\ndecile  rows  mean PD  observed rate\n");
        for (BinaryMetrics.CalibrationRow c : calibration) {
            sb.append(
                    f(
                            "%6d  %4d  %7.4f  %13.4f%n",
                            c.group(), c.rows(), c.meanP(), c.observedRate()));
        }
        return sb.toString();
    }

    /** Writes every file into {@code dir} (created if needed) and returns the paths written. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        out.add(write(dir.resolve("report.txt"), text()));
        StringBuilder m = new StringBuilder("metric,value\n");
        m.append("rows,").append(metrics.rows()).append('\n');
        m.append("positives,").append(metrics.positives()).append('\n');
        m.append("auc,").append(metrics.auc()).append('\n');
        m.append("ks,").append(metrics.ks()).append('\n');
        m.append("gini,").append(metrics.gini()).append('\n');
        m.append("brier,").append(metrics.brier()).append('\n');
        m.append("log_loss,").append(metrics.logLoss()).append('\n');
        m.append("accuracy,").append(metrics.accuracy()).append('\n');
        m.append("baseline_accuracy,").append(metrics.baselineAccuracy()).append('\n');
        out.add(write(dir.resolve("metrics.csv"), m.toString()));
        StringBuilder t =
                new StringBuilder("threshold,tp,fp,fn,tn,precision,recall,f1,flagged_share\n");
        for (BinaryMetrics.ThresholdRow r : thresholds) {
            t.append(r.threshold())
                    .append(',')
                    .append(r.truePositives())
                    .append(',')
                    .append(r.falsePositives())
                    .append(',')
                    .append(r.falseNegatives())
                    .append(',')
                    .append(r.trueNegatives())
                    .append(',')
                    .append(r.precision())
                    .append(',')
                    .append(r.recall())
                    .append(',')
                    .append(r.f1())
                    .append(',')
                    .append(r.flaggedShare())
                    .append('\n');
        }
        out.add(write(dir.resolve("thresholds.csv"), t.toString()));
        StringBuilder c = new StringBuilder("decile,rows,min_pd,max_pd,mean_pd,observed_rate\n");
        for (BinaryMetrics.CalibrationRow r : calibration) {
            c.append(r.group())
                    .append(',')
                    .append(r.rows())
                    .append(',')
                    .append(r.minP())
                    .append(',')
                    .append(r.maxP())
                    .append(',')
                    .append(r.meanP())
                    .append(',')
                    .append(r.observedRate())
                    .append('\n');
        }
        out.add(write(dir.resolve("calibration.csv"), c.toString()));
        StringBuilder rc = new StringBuilder("threshold,fpr,tpr\n");
        for (BinaryMetrics.RocPoint p : roc) {
            rc.append(p.threshold())
                    .append(',')
                    .append(p.fpr())
                    .append(',')
                    .append(p.tpr())
                    .append('\n');
        }
        out.add(write(dir.resolve("roc.csv"), rc.toString()));
        out.add(rocPng(dir.resolve("roc.png")));
        out.add(calibrationPng(dir.resolve("calibration.png")));
        return out;
    }

    private Path rocPng(Path file) throws IOException {
        Chart ch =
                new Chart(
                        f("ROC  (AUC %.3f)", metrics.auc()),
                        "false positive rate",
                        "true positive rate");
        ch.diagonal();
        double[] xs = new double[roc.size()];
        double[] ys = new double[roc.size()];
        for (int i = 0; i < roc.size(); i++) {
            xs[i] = roc.get(i).fpr();
            ys[i] = roc.get(i).tpr();
        }
        ch.line(xs, ys, new Color(0x1f77b4));
        return ch.save(file);
    }

    private Path calibrationPng(Path file) throws IOException {
        double max = 0;
        for (BinaryMetrics.CalibrationRow r : calibration) {
            max = Math.max(max, Math.max(r.meanP(), r.observedRate()));
        }
        double scale = max <= 0 ? 1 : Math.min(1.0, Math.ceil(max * 10) / 10);
        Chart ch = new Chart("calibration by decile", "mean predicted PD", "observed rate");
        ch.range = scale;
        ch.diagonal();
        double[] xs = new double[calibration.size()];
        double[] ys = new double[calibration.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = calibration.get(i).meanP();
            ys[i] = calibration.get(i).observedRate();
        }
        ch.line(xs, ys, new Color(0xd62728));
        ch.points(xs, ys, new Color(0xd62728));
        return ch.save(file);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** A minimal square chart on [0, range] x [0, range]. */
    private static final class Chart {
        private static final int SIZE = 480;
        private static final int PAD = 56;
        private final BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        private final Graphics2D g;
        double range = 1.0;

        Chart(String title, String xLabel, String yLabel) {
            System.setProperty("java.awt.headless", "true");
            g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, SIZE, SIZE);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(title, PAD, 24);
            g.drawString(xLabel, SIZE / 2 - 50, SIZE - 12);
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -SIZE / 2 - 40, 16);
            g.rotate(Math.PI / 2);
        }

        int px(double x) {
            return PAD + (int) Math.round(x / range * (SIZE - PAD - 20));
        }

        int py(double y) {
            return SIZE - PAD - (int) Math.round(y / range * (SIZE - 2 * PAD));
        }

        /** Frame, axis ticks and the diagonal; call after setting the range. */
        void diagonal() {
            g.setColor(Color.BLACK);
            g.drawRect(px(0), py(range), px(range) - px(0), py(0) - py(range));
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(px(0), py(0), px(range), py(range));
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int i = 0; i <= 4; i++) {
                double v = range * i / 4;
                g.drawString(String.format(Locale.ROOT, "%.2f", v), px(v) - 10, SIZE - PAD + 14);
                g.drawString(String.format(Locale.ROOT, "%.2f", v), 22, py(v) + 4);
            }
        }

        void line(double[] xs, double[] ys, Color c) {
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            for (int i = 1; i < xs.length; i++) {
                g.drawLine(px(xs[i - 1]), py(ys[i - 1]), px(xs[i]), py(ys[i]));
            }
        }

        void points(double[] xs, double[] ys, Color c) {
            g.setColor(c);
            for (int i = 0; i < xs.length; i++) {
                g.fillOval(px(xs[i]) - 3, py(ys[i]) - 3, 7, 7);
            }
        }

        Path save(Path file) throws IOException {
            g.dispose();
            ImageIO.write(img, "png", file.toFile());
            return file;
        }
    }
}
