package io.crosstrust.ingest.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crosstrust.events.common.EntityKind;
import io.crosstrust.events.output.WarningType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The hidden labels of a generated world, as of a simulated instant ({@link #asOf()}): per entity
 * its profile, default and onset times, incidents and the warnings that should fire (see {@link
 * EntityTruth}). Later work measures itself against it: the warning evaluator (precision, recall
 * and lead time per warning type) and the credit-model trainer (default within a horizon).
 *
 * <p>It only states what had happened by {@code asOf}: a default planned for later is not in it. A
 * bounded world drained to its end gives the full truth; {@link TradeWorld#groundTruth()} gives a
 * snapshot at any point. {@link #writeJson(Path)} and {@link #writeCsv(Path)} are deterministic
 * (same world, same bytes); {@link #readJson(Path)} reads the JSON back into an equal object.
 */
public final class GroundTruth {
    /** The format tag in the JSON. */
    public static final String FORMAT = "crosstrust-ground-truth/1";

    private final long seed;
    private final Map<String, String> config;
    private final Instant start;
    private final Instant asOf;
    private final List<EntityTruth> entities;
    private final Map<String, EntityTruth> byId;

    /**
     * @param seed the world's seed
     * @param config the world's parameters that differ from the defaults, as text
     * @param start simulated start
     * @param asOf the simulated instant this truth describes
     * @param entities every entity registered by then, in registration order
     */
    public GroundTruth(
            long seed,
            Map<String, String> config,
            Instant start,
            Instant asOf,
            List<EntityTruth> entities) {
        this.seed = seed;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.start = Objects.requireNonNull(start, "start");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        this.entities = List.copyOf(entities);
        Map<String, EntityTruth> index = new LinkedHashMap<>();
        for (EntityTruth e : this.entities) {
            if (index.put(e.id(), e) != null) {
                throw new IllegalArgumentException("duplicate entity " + e.id());
            }
        }
        this.byId = Collections.unmodifiableMap(index);
    }

    public long seed() {
        return seed;
    }

    /** The world's non-default parameters, as text. */
    public Map<String, String> config() {
        return config;
    }

    public Instant start() {
        return start;
    }

    /** The simulated instant this truth describes. */
    public Instant asOf() {
        return asOf;
    }

    /** Every entity, in registration order. */
    public List<EntityTruth> entities() {
        return entities;
    }

    /** One entity. */
    public Optional<EntityTruth> entity(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Entities with a profile. */
    public List<EntityTruth> withProfile(Profile profile) {
        return entities.stream().filter(e -> e.profile() == profile).collect(Collectors.toList());
    }

    /** Entities that defaulted. */
    public List<EntityTruth> defaulted() {
        return entities.stream().filter(EntityTruth::defaulted).collect(Collectors.toList());
    }

    /**
     * Entities that defaulted or whose own misbehaviour showed (see {@link
     * EntityTruth#misbehaved()}).
     */
    public List<EntityTruth> misbehaved() {
        return entities.stream().filter(EntityTruth::misbehaved).collect(Collectors.toList());
    }

    /** Entities for which at least one warning should fire. */
    public List<EntityTruth> expectingWarnings() {
        return entities.stream().filter(EntityTruth::expectsWarnings).collect(Collectors.toList());
    }

    /** Whether the entity had defaulted at or before {@code at}. */
    public boolean defaultedBy(String id, Instant at) {
        EntityTruth e = byId.get(id);
        return e != null && e.defaultTime() != null && !e.defaultTime().isAfter(at);
    }

    /**
     * Whether the entity defaults in (from, from + horizon]: the label "default within the horizon"
     * for a score taken at {@code from}. False when it had already defaulted at {@code from}, and
     * for unknown ids. Beware censoring: when {@code from + horizon} is after {@link #asOf()} a
     * false may only mean "not yet".
     */
    public boolean defaultedWithin(String id, Instant from, Duration horizon) {
        EntityTruth e = byId.get(id);
        if (e == null || e.defaultTime() == null) {
            return false;
        }
        Instant t = e.defaultTime();
        return t.isAfter(from) && !t.isAfter(from.plus(horizon));
    }

    /** Whether a warning of this type should fire for the entity. */
    public boolean expects(String id, WarningType type) {
        EntityTruth e = byId.get(id);
        return e != null && e.expected(type) != null;
    }

    /** How many entities have each profile. */
    public Map<Profile, Long> profileCounts() {
        Map<Profile, Long> out = new EnumMap<>(Profile.class);
        for (Profile p : Profile.values()) {
            out.put(p, 0L);
        }
        for (EntityTruth e : entities) {
            out.merge(e.profile(), 1L, Long::sum);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroundTruth g
                && seed == g.seed
                && config.equals(g.config)
                && start.equals(g.start)
                && asOf.equals(g.asOf)
                && entities.equals(g.entities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed, config, start, asOf, entities);
    }

    @Override
    public String toString() {
        return "GroundTruth{seed="
                + seed
                + ", asOf="
                + asOf
                + ", entities="
                + entities.size()
                + ", defaulted="
                + defaulted().size()
                + "}";
    }

    // ------------------------------------------------------------------ JSON

    /** Writes the truth as JSON (deterministic: same truth, same bytes). */
    public void writeJson(Path path) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            writeJson(out);
        }
    }

    /** Writes the truth as JSON to a stream (left open). */
    public void writeJson(OutputStream out) throws IOException {
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter()
                        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(printer);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("seed", seed);
            g.writeObjectFieldStart("config");
            for (Map.Entry<String, String> e : config.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("start", start.toString());
            g.writeStringField("asOf", asOf.toString());
            g.writeArrayFieldStart("entities");
            for (EntityTruth e : entities) {
                writeEntity(g, e);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void writeEntity(JsonGenerator g, EntityTruth e) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeStringField("kind", e.kind().name());
        g.writeStringField("region", e.region());
        g.writeStringField("profile", e.profile().name());
        g.writeStringField("registered", e.registered().toString());
        writeInstant(g, "onset", e.onset());
        g.writeBooleanField("defaulted", e.defaulted());
        writeInstant(g, "defaultTime", e.defaultTime());
        if (e.defaultCause() == null) {
            g.writeNullField("defaultCause");
        } else {
            g.writeStringField("defaultCause", e.defaultCause().name());
        }
        if (e.ringId() == null) {
            g.writeNullField("ringId");
        } else {
            g.writeNumberField("ringId", e.ringId());
        }
        g.writeArrayFieldStart("ringMembers");
        for (String m : e.ringMembers()) {
            g.writeString(m);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("incidents");
        for (Map.Entry<IncidentKind, IncidentLog> i : e.incidents().entrySet()) {
            g.writeObjectFieldStart(i.getKey().name());
            g.writeNumberField("count", i.getValue().count());
            g.writeArrayFieldStart("times");
            for (Instant t : i.getValue().times()) {
                g.writeString(t.toString());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("expectedWarnings");
        for (ExpectedWarning w : e.expectedWarnings()) {
            g.writeStartObject();
            g.writeStringField("type", w.type().name());
            g.writeStringField("from", w.from().toString());
            writeInstant(g, "by", w.by());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeInstant(JsonGenerator g, String field, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, t.toString());
        }
    }

    /** Reads a truth written by {@link #writeJson(Path)}. */
    public static GroundTruth readJson(Path path) throws IOException {
        JsonNode root = new ObjectMapper().readTree(path.toFile());
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException(
                    path + " is not a ground-truth file (expected format " + FORMAT + ")");
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("config").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            config.put(e.getKey(), e.getValue().asText());
        }
        List<EntityTruth> entities = new ArrayList<>();
        for (JsonNode n : root.path("entities")) {
            entities.add(readEntity(n));
        }
        return new GroundTruth(
                root.path("seed").asLong(),
                config,
                Instant.parse(root.path("start").asText()),
                Instant.parse(root.path("asOf").asText()),
                entities);
    }

    private static EntityTruth readEntity(JsonNode n) {
        List<String> ring = new ArrayList<>();
        n.path("ringMembers").forEach(m -> ring.add(m.asText()));
        Map<IncidentKind, IncidentLog> incidents = new EnumMap<>(IncidentKind.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("incidents").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<Instant> times = new ArrayList<>();
            e.getValue().path("times").forEach(t -> times.add(Instant.parse(t.asText())));
            incidents.put(
                    IncidentKind.valueOf(e.getKey()),
                    new IncidentLog(e.getValue().path("count").asLong(), times));
        }
        List<ExpectedWarning> warnings = new ArrayList<>();
        for (JsonNode w : n.path("expectedWarnings")) {
            warnings.add(
                    new ExpectedWarning(
                            WarningType.valueOf(w.path("type").asText()),
                            Instant.parse(w.path("from").asText()),
                            instant(w.path("by"))));
        }
        JsonNode cause = n.path("defaultCause");
        JsonNode ringId = n.path("ringId");
        return new EntityTruth(
                n.path("id").asText(),
                EntityKind.valueOf(n.path("kind").asText()),
                n.path("region").asText(),
                Profile.valueOf(n.path("profile").asText()),
                Instant.parse(n.path("registered").asText()),
                instant(n.path("onset")),
                instant(n.path("defaultTime")),
                cause.isNull() || cause.isMissingNode()
                        ? null
                        : DefaultCause.valueOf(cause.asText()),
                ringId.isNull() || ringId.isMissingNode() ? null : ringId.asInt(),
                ring,
                incidents,
                warnings);
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : Instant.parse(n.asText());
    }

    // ------------------------------------------------------------------- CSV

    /**
     * Writes one row per entity: id, kind, region, profile, registered, onset, defaulted,
     * default_time, default_cause, ring_id, expected_warnings ({@code TYPE@from} joined by {@code
     * ;}) and one {@code n_<incident>} count column per {@link IncidentKind}. Empty cell = none.
     */
    public void writeCsv(Path path) throws IOException {
        try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            StringBuilder header =
                    new StringBuilder(
                            "id,kind,region,profile,registered,onset,defaulted,default_time,"
                                    + "default_cause,ring_id,expected_warnings");
            for (IncidentKind k : IncidentKind.values()) {
                header.append(",n_").append(k.name().toLowerCase(java.util.Locale.ROOT));
            }
            w.write(header.append('\n').toString());
            for (EntityTruth e : entities) {
                StringBuilder row = new StringBuilder();
                row.append(e.id()).append(',');
                row.append(e.kind()).append(',');
                row.append(e.region()).append(',');
                row.append(e.profile()).append(',');
                row.append(e.registered()).append(',');
                row.append(text(e.onset())).append(',');
                row.append(e.defaulted()).append(',');
                row.append(text(e.defaultTime())).append(',');
                row.append(text(e.defaultCause())).append(',');
                row.append(text(e.ringId())).append(',');
                row.append(
                        e.expectedWarnings().stream()
                                .map(x -> x.type() + "@" + x.from())
                                .collect(Collectors.joining(";")));
                for (IncidentKind k : IncidentKind.values()) {
                    row.append(',').append(e.count(k));
                }
                w.write(row.append('\n').toString());
            }
        }
    }

    /** Writes one row per recorded incident time: entity_id, incident, time (long form). */
    public void writeIncidentsCsv(Path path) throws IOException {
        try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            w.write("entity_id,incident,time\n");
            for (EntityTruth e : entities) {
                for (Map.Entry<IncidentKind, IncidentLog> i : e.incidents().entrySet()) {
                    for (Instant t : i.getValue().times()) {
                        w.write(e.id() + "," + i.getKey() + "," + t + "\n");
                    }
                }
            }
        }
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }
}
