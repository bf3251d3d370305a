package io.roster.targets.sign;

/**
 * A Sign call that failed for good, with Sign's error code and message. Its message names the call
 * ("PUT users/{id}/groups") but never a credential.
 */
public class SignApiException extends RuntimeException {

    private final int status;
    private final String code;

    public SignApiException(String call, int status, String code, String message) {
        super(call + " → " + (status > 0 ? "HTTP " + status + " " : "") + (code == null ? "" : code + ": ")
                + (message == null ? "" : message));
        this.status = status;
        this.code = code;
    }

    public SignApiException(String call, String reason, Throwable cause) {
        super(call + " → " + reason, cause);
        this.status = 0;
        this.code = null;
    }

    /** Sign answered and said no (4xx other than 429): the same request would be refused again. */
    public boolean refused() {
        return status >= 400 && status < 500 && status != 429;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
