package io.roster.targets.sign;

/**
 * Sign did not answer usefully (5xx, timeouts, dropped connections) even after the retries, or its account's
 * circuit breaker is open. Unlike a refusal (4xx), it says nothing about the record: it counts towards the breaker.
 */
public class SignUnavailableException extends SignApiException {

    public SignUnavailableException(String call, String reason, Throwable cause) {
        super(call, reason, cause);
    }
}
