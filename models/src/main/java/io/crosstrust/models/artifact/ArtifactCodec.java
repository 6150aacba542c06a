package io.crosstrust.models.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crosstrust.models.data.DataTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes {@link ModelArtifact}s. Writing computes the content hash; reading verifies the
 * format, the schema version, the content hash and the model's consistency ({@link
 * ArtifactValidator}) and fails with an {@link ArtifactException} that says what is wrong.
 */
public final class ArtifactCodec {
    public static final String FORMAT = "crosstrust-model";
    public static final int FORMAT_VERSION = 1;
    public static final String HASH_PREFIX = "sha256:";
    public static final String NUMERIC = "numeric";
    public static final String CATEGORICAL = "categorical";

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .build();

    private ArtifactCodec() {}

    /** The artifact as JSON text (UTF-8 when stored), with its content hash filled in. */
    public static String toJson(ModelArtifact artifact) {
        ObjectNode tree = MAPPER.valueToTree(artifact.withContentHash(null));
        tree.remove("content_hash");
        tree.put("content_hash", contentHash(tree));
        try {
            return MAPPER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("artifact not serialisable", e);
        }
    }

    /** The artifact with its content hash computed (as stored by {@link #toJson}). */
    public static ModelArtifact sealed(ModelArtifact artifact) {
        ObjectNode tree = MAPPER.valueToTree(artifact.withContentHash(null));
        tree.remove("content_hash");
        return artifact.withContentHash(contentHash(tree));
    }

    public static void write(ModelArtifact artifact, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(artifact), StandardCharsets.UTF_8);
    }

    public static ModelArtifact read(Path file) throws ArtifactException {
        try {
            return fromJson(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ArtifactException("cannot read model artifact " + file + ": " + e, e);
        } catch (ArtifactException e) {
            throw new ArtifactException(file + ": " + e.getMessage(), e);
        }
    }

    public static ModelArtifact read(InputStream in) throws ArtifactException {
        try {
            return fromJson(in.readAllBytes());
        } catch (IOException e) {
            throw new ArtifactException("cannot read model artifact: " + e, e);
        }
    }

    public static ModelArtifact fromJson(String json) throws ArtifactException {
        return fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses, verifies the content hash and validates; never returns an unusable artifact. */
    public static ModelArtifact fromJson(byte[] json) throws ArtifactException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ArtifactException(
                    "model artifact is not valid JSON: "
                            + e.getOriginalMessage()
                            + " at "
                            + e.getLocation(),
                    e);
        } catch (IOException e) {
            throw new ArtifactException("cannot read model artifact: " + e, e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ArtifactException("model artifact must be a JSON object");
        }
        ObjectNode obj = (ObjectNode) tree;
        JsonNode format = obj.get("format");
        if (format == null || !FORMAT.equals(format.asText())) {
            throw new ArtifactException(
                    "not a model artifact: field 'format' must be \"" + FORMAT + "\"");
        }
        JsonNode version = obj.get("format_version");
        if (version == null
                || !version.isIntegralNumber()
                || version.intValue() != FORMAT_VERSION) {
            throw new ArtifactException(
                    "unsupported artifact format_version "
                            + version
                            + "; this build reads format_version "
                            + FORMAT_VERSION);
        }
        JsonNode hash = obj.remove("content_hash");
        if (hash == null || !hash.isTextual()) {
            throw new ArtifactException(
                    "model artifact has no content_hash; it must carry \"sha256:<hex>\"");
        }
        String expected = contentHash(obj);
        if (!expected.equals(hash.textValue())) {
            throw new ArtifactException(
                    "model artifact content hash mismatch: file says "
                            + hash.textValue()
                            + " but its content hashes to "
                            + expected
                            + "; the file was modified or corrupted (see docs/model-artifact.md)");
        }
        ModelArtifact artifact = ArtifactBinder.bind(obj).withContentHash(hash.textValue());
        ArtifactValidator.validate(artifact);
        return artifact;
    }

    /** {@code sha256:} + hex SHA-256 of the canonical form of an artifact without content_hash. */
    public static String contentHash(JsonNode artifactWithoutHash) {
        if (artifactWithoutHash.has("content_hash")) {
            throw new IllegalArgumentException("remove content_hash before hashing");
        }
        return HASH_PREFIX
                + DataTable.sha256(
                        CanonicalJson.write(artifactWithoutHash).getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical text of an artifact's content (what the hash covers). */
    public static String canonicalContent(ModelArtifact artifact) {
        ObjectNode tree = MAPPER.valueToTree(artifact.withContentHash(null));
        tree.remove("content_hash");
        return CanonicalJson.write(tree);
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
