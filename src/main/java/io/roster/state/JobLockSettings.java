package io.roster.state;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The job lock in the state database ({@code roster.job-lock.*}). */
@ConfigMapping(prefix = "roster.job-lock")
public interface JobLockSettings {
    /**
     * How long a job's lock lasts without renewal: the holder renews it every half lease while its run goes on,
     * and an instance that dies mid-run blocks the job on other instances for at most this long (at least 30s).
     */
    @WithDefault("2m")
    Duration lease();
}
