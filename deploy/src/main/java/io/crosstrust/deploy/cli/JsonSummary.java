package io.crosstrust.deploy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --json} convention: one JSON object, alone on the last line of stdout. */
public final class JsonSummary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public JsonSummary put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
