package io.roster.source;

/**
 * A source could not be read completely. A run that meets one stops before it plans anything, so a partial
 * read can never look like "these people left".
 */
public class SourceReadException extends RuntimeException {
    public SourceReadException(String message) {
        super(message);
    }

    public SourceReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
