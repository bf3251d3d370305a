package io.roster.targets.entra;

/** A call to Entra ID that failed as a whole; {@code authRefused}: the credentials or the token were refused. */
public class EntraException extends RuntimeException {

    private final boolean authRefused;

    public EntraException(String message, boolean authRefused) {
        super(message);
        this.authRefused = authRefused;
    }

    public EntraException(String message, Throwable cause) {
        super(message, cause);
        this.authRefused = false;
    }

    public boolean authRefused() {
        return authRefused;
    }
}
