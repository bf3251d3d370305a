package io.roster.targets.sign;

/** The account's circuit breaker is open: the call was not sent. The run that meets it fails as a whole. */
public class CircuitOpenException extends SignUnavailableException {

    public CircuitOpenException(String org, String reason, Throwable cause) {
        super("Sign account " + org, reason, cause);
    }
}
