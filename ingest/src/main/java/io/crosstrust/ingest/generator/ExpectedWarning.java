package io.crosstrust.ingest.generator;

import io.crosstrust.events.output.RiskWarning;
import io.crosstrust.events.output.WarningType;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link RiskWarning} type that should fire for an entity, and roughly when.
 *
 * @param type the warning type
 * @param from the earliest time the evidence for it exists in the stream
 * @param by when set, the time by which it should have fired to be useful (the default time, for
 *     warnings that lead a default); null when there is no such deadline
 */
public record ExpectedWarning(WarningType type, Instant from, Instant by) {
    /** Checks the fields. */
    public ExpectedWarning {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
    }
}
