package io.crosstrust.jobs.scoring;

import io.crosstrust.events.ops.DeadLetter;
import io.crosstrust.events.ops.FailureKind;
import io.crosstrust.jobs.kafka.DeadLetters;
import io.crosstrust.jobs.kafka.RawRecord;
import io.crosstrust.models.artifact.ArtifactCodec;
import io.crosstrust.models.artifact.ArtifactException;
import io.crosstrust.models.scoring.CreditModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The model.updates contract: each record's value is one model artifact, the JSON document of
 * docs/model-artifact.md exactly as {@code model train --out} writes it (UTF-8; the key, if any, is
 * the model id and is not read). The artifact carries its own format version and content hash, so
 * no Avro envelope is added around it.
 *
 * <p>An update is accepted when it loads ({@link CreditModel#fromJson}: hash, schema and monotone
 * weights verified) and its feature settings are those of the model in force ({@link
 * CreditModel#stateCompatibleWith}: the keyed feature states were built with those half-lives and
 * would mean something else under others). Otherwise it is refused with the reason, as a dead
 * letter of stage {@value #STAGE}, and the model in force stays.
 */
public final class ModelUpdates {
    public static final String STAGE = "model-update";

    /** The outcome of checking one update against the model in force. */
    public record Verdict(CreditModel model, String rejection) {
        public boolean accepted() {
            return model != null;
        }
    }

    private ModelUpdates() {}

    /** The JSON of a loaded model's artifact, as stored in the broadcast state. */
    public static byte[] json(CreditModel model) {
        return ArtifactCodec.toJson(model.artifact()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks an update against the model in force.
     *
     * @param current the model in force (never null: the job starts with one)
     */
    public static Verdict check(byte[] value, CreditModel current) {
        if (value == null || value.length == 0) {
            return new Verdict(null, "empty model update");
        }
        CreditModel next;
        try {
            next = CreditModel.fromJson(value);
        } catch (ArtifactException | RuntimeException e) {
            return new Verdict(null, "not a loadable model artifact: " + e.getMessage());
        }
        if (!next.stateCompatibleWith(current)) {
            return new Verdict(
                    null,
                    "model "
                            + next.id()
                            + " "
                            + next.version()
                            + " decays its features with half-lives "
                            + next.features().halfLifeDays()
                            + "/"
                            + next.features().shortHalfLifeDays()
                            + " days in "
                            + next.features().rates().reference()
                            + ", the model in force ("
                            + current.id()
                            + " "
                            + current.version()
                            + ") with "
                            + current.features().halfLifeDays()
                            + "/"
                            + current.features().shortHalfLifeDays()
                            + " days in "
                            + current.features().rates().reference()
                            + ": the entity states would be misread; deploy it with a fresh"
                            + " state instead");
        }
        return new Verdict(next, null);
    }

    /** The dead letter reporting a refused update. */
    public static DeadLetter rejection(RawRecord raw, String reason, Instant now) {
        return DeadLetters.of(raw, STAGE, FailureKind.INVALID, reason, null, now);
    }
}
