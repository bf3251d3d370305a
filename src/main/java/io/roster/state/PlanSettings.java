package io.roster.state;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Stored plans ({@code roster plan} / {@code roster apply}): how long they may be applied, and what a stale one does. */
@ConfigMapping(prefix = "roster.plans")
public interface PlanSettings {

    /** A plan not applied within this time can no longer be: plan again. */
    @WithName("expire-after")
    @WithDefault("24h")
    Duration expireAfter();

    /**
     * A change of the plan whose person or Sign user moved since it was planned (the source or Sign now gives another
     * change): {@code leave-out} applies the rest and reports it; {@code refuse} applies nothing.
     */
    @WithName("on-stale")
    @WithDefault("leave-out")
    OnStale onStale();

    enum OnStale { LEAVE_OUT, REFUSE }
}
