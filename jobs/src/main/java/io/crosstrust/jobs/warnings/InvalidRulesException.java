package io.crosstrust.jobs.warnings;

/** A rule set that breaks a rule; the message names the field and what is allowed. */
public final class InvalidRulesException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidRulesException(String message) {
        super(message);
    }
}
