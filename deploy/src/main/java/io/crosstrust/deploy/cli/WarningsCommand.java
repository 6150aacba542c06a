package io.crosstrust.deploy.cli;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.Severity;
import io.crosstrust.events.output.WarningType;
import io.crosstrust.ingest.kafka.Topics;
import io.crosstrust.ingest.wire.EventCodec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crosstrust warnings ...}: the live risk-warning stream, for risk teams. */
@Command(
        name = "warnings",
        mixinStandardHelpOptions = true,
        description = "The live risk-warning stream (docs/warnings.md).",
        subcommands = {WarningsCommand.Tail.class, CommandLine.HelpCommand.class})
public final class WarningsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code crosstrust warnings tail [--severity S] [--region R] [--entity E]}. */
    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = {
                "Follows risk.warnings (committed warnings only) and prints each one that passes the"
                        + " filters: time, severity, type, entity and region, status and"
                        + " explanation, then its evidence event ids and the rule and model"
                        + " versions that raised it.",
                "Reads the Kafka of a running `./crosstrust run` (its endpoints file) unless"
                        + " --kafka, CROSSTRUST_KAFKA or --config names another. Ctrl-C stops."
            })
    public static final class Tail implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(
                names = "--severity",
                paramLabel = "S",
                description = "Only warnings of this severity or higher: ${COMPLETION-CANDIDATES}.")
        Severity severity;

        @Option(names = "--region", paramLabel = "R", description = "Only this region.")
        String region;

        @Option(names = "--entity", paramLabel = "E", description = "Only this entity id.")
        String entity;

        @Option(
                names = "--type",
                paramLabel = "T",
                description = "Only this warning type: ${COMPLETION-CANDIDATES}.")
        WarningType type;

        @Option(
                names = "--from-beginning",
                description = "Start with the oldest warning kept, not with the next new one.")
        boolean fromBeginning;

        @Option(
                names = "--limit",
                paramLabel = "N",
                defaultValue = "0",
                description = "Stop after N warnings printed (default: follow until Ctrl-C).")
        int limit;

        @Mixin KafkaOptions kafka;

        @Override
        public Integer call() {
            if (limit < 0) {
                throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
            }
            String bootstrap = kafka.bootstrap();
            WarningFilter filter = new WarningFilter(severity, region, entity, type);
            PrintWriter out = spec.commandLine().getOut();
            AtomicBoolean stop = new AtomicBoolean();
            Thread main = Thread.currentThread();
            Thread hook =
                    new Thread(
                            () -> {
                                stop.set(true);
                                try {
                                    main.join(5_000);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "crosstrust-tail-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                out.println(
                        "following "
                                + Topics.RISK_WARNINGS
                                + " on "
                                + bootstrap
                                + (filter.describe().isEmpty()
                                        ? ""
                                        : " (" + filter.describe() + ")")
                                + (fromBeginning ? ", from the beginning" : ", new warnings only"));
                out.flush();
                follow(bootstrap, filter, out, stop);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is what is running
                }
            }
            return 0;
        }

        private void follow(
                String bootstrap, WarningFilter filter, PrintWriter out, AtomicBoolean stop) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
            EventCodec codec = EventCodec.standard();
            long printed = 0;
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(
                            c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions =
                        consumer.partitionsFor(Topics.RISK_WARNINGS).stream()
                                .map(p -> new TopicPartition(Topics.RISK_WARNINGS, p.partition()))
                                .toList();
                if (partitions.isEmpty()) {
                    throw new IllegalArgumentException(
                            "no topic " + Topics.RISK_WARNINGS + " on " + bootstrap);
                }
                consumer.assign(partitions);
                if (fromBeginning) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                        RiskWarning w;
                        try {
                            w = codec.decode(r.value(), RiskWarning.class);
                        } catch (Exception e) {
                            out.println(
                                    "(skipped a record at "
                                            + r.topic()
                                            + "/"
                                            + r.partition()
                                            + "/"
                                            + r.offset()
                                            + " that is not a RiskWarning: "
                                            + e.getMessage()
                                            + ")");
                            continue;
                        }
                        if (!filter.test(w)) {
                            continue;
                        }
                        out.println(format(w));
                        printed++;
                        if (limit > 0 && printed >= limit) {
                            out.flush();
                            return;
                        }
                    }
                    out.flush();
                }
            }
        }
    }

    /** The filters of {@code tail}: all that are set must hold. */
    record WarningFilter(Severity minSeverity, String region, String entity, WarningType type) {
        boolean test(RiskWarning w) {
            return (minSeverity == null || w.getSeverity().ordinal() >= minSeverity.ordinal())
                    && (region == null || region.equals(w.getRegion()))
                    && (entity == null || entity.equals(w.getEntityId()))
                    && (type == null || type == w.getType());
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            if (minSeverity != null) {
                b.append("severity >= ").append(minSeverity);
            }
            append(b, "region", region);
            append(b, "entity", entity);
            append(b, "type", type == null ? null : type.name());
            return b.toString();
        }

        private static void append(StringBuilder b, String name, String value) {
            if (value != null) {
                b.append(b.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
            }
        }
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    /** Evidence ids shown on the second line; the rest are counted. */
    static final int EVIDENCE_SHOWN = 5;

    /**
     * Two lines per warning: {@code time severity type entity (region) status: explanation}, then,
     * indented, the evidence event ids and the rule and model versions.
     */
    static String format(RiskWarning w) {
        List<String> evidence = w.getEvidenceEventIds();
        String shown =
                evidence.isEmpty()
                        ? "none"
                        : String.join(
                                        ", ",
                                        evidence.subList(
                                                0, Math.min(EVIDENCE_SHOWN, evidence.size())))
                                + (evidence.size() > EVIDENCE_SHOWN
                                        ? " (+" + (evidence.size() - EVIDENCE_SHOWN) + " more)"
                                        : "");
        return String.format(
                Locale.ROOT,
                "%s  %-8s  %-22s  %s (%s)  %s: %s%n%24s evidence: %s | rule %s v%d | model %s",
                TIME.format(w.getEventTime()),
                w.getSeverity(),
                w.getType(),
                w.getEntityId(),
                w.getRegion() == null ? "region unknown" : w.getRegion(),
                w.getStatus(),
                w.getExplanation(),
                "",
                shown,
                w.getRuleId(),
                w.getRuleVersion(),
                w.getModelVersion() == null ? "-" : w.getModelVersion());
    }
}
