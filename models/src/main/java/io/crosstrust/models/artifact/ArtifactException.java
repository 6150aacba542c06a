package io.crosstrust.models.artifact;

/** A model artifact that cannot be used: unreadable, wrong schema, wrong hash, or inconsistent. */
public final class ArtifactException extends Exception {
    private static final long serialVersionUID = 1L;

    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
