package io.roster.targets.http;

import java.util.function.Supplier;

/** Wraps every call to one target account; the service's guard is a circuit breaker ({@link CircuitBreakerGuard}). */
public interface CallGuard {

    <T> T call(Supplier<T> call);

    CallGuard NONE = new CallGuard() {
        @Override
        public <T> T call(Supplier<T> call) {
            return call.get();
        }
    };
}
