package io.roster.targets.sign;

import io.smallrye.faulttolerance.api.Guard;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * A circuit breaker per Sign account (SmallRye Fault Tolerance): when too many of the last calls found Sign
 * unavailable even after their retries, calls fail at once for a while instead of hammering an account that is down.
 * Refusals (4xx) are answers, not outages: they never open it.
 */
public final class CircuitBreakerGuard implements CallGuard {

    private static final Logger LOG = Logger.getLogger("io.roster.sign");

    /** Breakers are named {@code sign-<org>} (SmallRye's CircuitBreakerMaintenance can read and reset them). */
    public static final String NAME_PREFIX = "sign-";

    private final String org;
    private final Duration delay;
    private final Guard guard;

    public CircuitBreakerGuard(String org, int window, double failureRatio, Duration delay) {
        this.org = org;
        this.delay = delay;
        this.guard = Guard.create()
                .withDescription("Sign account " + org)
                .withCircuitBreaker()
                    .name(NAME_PREFIX + org)
                    .requestVolumeThreshold(window)
                    .failureRatio(failureRatio)
                    .delay(delay.toMillis(), ChronoUnit.MILLIS)
                    .failOn(SignUnavailableException.class)
                    .onStateChange(s -> LOG.warnf("Sign account %s: circuit breaker %s", org, s.name().toLowerCase()))
                    .done()
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(Supplier<T> call) {
        try {
            return guard.get(call, (Class<T>) Object.class);
        } catch (CircuitBreakerOpenException e) {
            throw new CircuitOpenException(org, "not called: too many calls failed even after"
                    + " retries, so its circuit breaker is open for " + delay.toSeconds() + " s", e);
        }
    }
}
