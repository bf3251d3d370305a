package io.roster.targets.signature365;

/** A Signature 365 call that failed for good. Its message names the call and the status, never the secret. */
public class Signature365Exception extends RuntimeException {

    private final int status;

    public Signature365Exception(String message, int status) {
        super(message);
        this.status = status;
    }

    public Signature365Exception(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }

    /** The secret was refused: no later batch of the run can succeed either. */
    public boolean authRefused() {
        return status == 401 || status == 403;
    }
}
