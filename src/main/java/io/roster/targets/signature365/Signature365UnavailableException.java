package io.roster.targets.signature365;

/** Signature 365 did not answer usefully (5xx, timeouts, dropped connections) even after retries, or its breaker is open. */
public class Signature365UnavailableException extends Signature365Exception {

    private final boolean circuitOpen;

    public Signature365UnavailableException(String message, Throwable cause, boolean circuitOpen) {
        super(message, cause);
        this.circuitOpen = circuitOpen;
    }

    public boolean circuitOpen() {
        return circuitOpen;
    }
}
