package io.roster.config;

/** A job's configuration is wrong; the run stops before reading anything. */
public class JobConfigException extends RuntimeException {
    public JobConfigException(String message) {
        super(message);
    }

    public JobConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
