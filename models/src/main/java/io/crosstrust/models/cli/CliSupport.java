package io.crosstrust.models.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ArtifactException;
import io.crosstrust.models.artifact.ModelArtifact;
import io.crosstrust.models.data.DataTable;
import io.crosstrust.models.scoring.CreditModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Shared by the model subcommands: reading data and models, writing one-line JSON. */
final class CliSupport {
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private CliSupport() {}

    /**
     * Reads CSV with a header from a file, {@code -} (stdin), or an http(s) URL, e.g. ClickHouse's
     * HTTP interface with {@code FORMAT CSVWithNames}.
     */
    static DataTable readData(String spec, InputStream stdin) throws IOException {
        if (spec.equals("-")) {
            return DataTable.read("stdin", stdin);
        }
        if (spec.startsWith("http://") || spec.startsWith("https://")) {
            HttpClient client =
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest req =
                    HttpRequest.newBuilder(URI.create(spec)).timeout(Duration.ofMinutes(5)).build();
            try {
                HttpResponse<byte[]> resp =
                        client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (resp.statusCode() != 200) {
                    throw new IOException(
                            "GET "
                                    + spec
                                    + " returned HTTP "
                                    + resp.statusCode()
                                    + ": "
                                    + new String(
                                                    resp.body(),
                                                    java.nio.charset.StandardCharsets.UTF_8)
                                            .strip());
                }
                return DataTable.parse(spec, resp.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted reading " + spec, e);
            }
        }
        Path p = Path.of(spec);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(
                    "--data: no such file '" + spec + "' (give a CSV file, - for stdin, or a URL)");
        }
        return DataTable.read(p);
    }

    /** The artifact at a path, or the built-in default model for {@code default}. */
    static ModelArtifact readModel(String spec) throws ArtifactException {
        if (spec.equals("default")) {
            return CreditModel.builtIn().artifact();
        }
        Path p = Path.of(spec);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(
                    "--model: no such file '" + spec + "' (give an artifact path or 'default')");
        }
        return ArtifactCodec.read(p);
    }

    static String json(Map<String, ?> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A double for JSON: NaN and infinities become null. */
    static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
