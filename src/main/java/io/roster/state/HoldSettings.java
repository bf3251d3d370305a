package io.roster.state;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** How long held changes wait for a decision ({@code roster.holds.*}). */
@ConfigMapping(prefix = "roster.holds")
public interface HoldSettings {

    /** A held change no admin approved or rejected within this time expires (a later run holds it anew if it still applies). */
    @WithName("expire-after")
    @WithDefault("7d")
    Duration expireAfter();
}
