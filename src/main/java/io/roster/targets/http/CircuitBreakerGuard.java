package io.roster.targets.http;

import io.smallrye.faulttolerance.api.Guard;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A circuit breaker per target account (SmallRye Fault Tolerance): when too many of the last calls found the target
 * unavailable even after their retries, calls fail at once for a while instead of hammering a service that is down.
 * Only {@code failOn} (the target's "unavailable" exception) counts; refusals (4xx) are answers and never open it.
 */
public final class CircuitBreakerGuard implements CallGuard {

    private static final Logger LOG = Logger.getLogger("io.roster.targets");

    private final Guard guard;
    private final BiFunction<String, Throwable, RuntimeException> whenOpen;
    private final String reason;

    /**
     * @param name     the breaker's name, e.g. {@code sign-primary} (SmallRye's CircuitBreakerMaintenance reads and resets it)
     * @param what     the account as messages name it, e.g. "Sign account primary"
     * @param whenOpen the exception a refused call raises, built from the reason and the breaker's own exception
     */
    public CircuitBreakerGuard(String name, String what, Class<? extends Throwable> failOn, int window,
                               double failureRatio, Duration delay, BiFunction<String, Throwable, RuntimeException> whenOpen) {
        this.whenOpen = whenOpen;
        this.reason = "not called: too many calls failed even after retries, so its circuit breaker is open for "
                + delay.toSeconds() + " s";
        this.guard = Guard.create()
                .withDescription(what)
                .withCircuitBreaker()
                    .name(name)
                    .requestVolumeThreshold(window)
                    .failureRatio(failureRatio)
                    .delay(delay.toMillis(), ChronoUnit.MILLIS)
                    .failOn(failOn)
                    .onStateChange(s -> LOG.warnf("%s: circuit breaker %s", what, s.name().toLowerCase()))
                    .done()
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T call(Supplier<T> call) {
        try {
            return guard.get(call, (Class<T>) Object.class);
        } catch (CircuitBreakerOpenException e) {
            throw whenOpen.apply(reason, e);
        }
    }
}
