package io.roster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The process's own {@code roster.*} settings, typed: its mode, its jobs, its API and reports. Each room maps its own
 * settings beside these (SignSettings, SqlSourceSettings, …, each a {@code @ConfigMapping}). Each can be set in application.properties, as a system property, or as an
 * environment variable ({@code roster.dry-run} → {@code ROSTER_DRY_RUN}); secrets belong in the environment or a
 * Kubernetes Secret. Defaults are documented in application.properties.
 */
@ConfigMapping(prefix = "roster")
public interface RosterConfig {

    /** Run every selected job once, then exit with 0 (all synced), 1 (some records failed) or 2 (a job could not run). */
    @WithDefault("false")
    boolean once();

    /** Read and plan, write nothing, print the plan. */
    @WithName("dry-run")
    @WithDefault("false")
    boolean dryRun();

    /**
     * With roster.once: check each selected job's source instead of running it (connect, run the query, show
     * columns, a few masked sample rows and which target field each column feeds), then exit 0 (all OK) or 2.
     */
    @WithDefault("false")
    boolean check();

    /** With roster.once: read a secret from standard input and print it encrypted for configuration, then exit. */
    @WithDefault("false")
    boolean encrypt();

    /** With roster.once: list the tables and columns of this SQL source ({@code roster.sources.<name>}), then exit. */
    Optional<String> discover();

    /** Lets a live run sync the bundled sample people (samples/) into its target; off, such a run is refused. */
    @WithName("allow-samples")
    @WithDefault("false")
    boolean allowSamples();

    /** The jobs to run (route ids); empty runs them all. */
    Optional<List<String>> jobs();

    /**
     * The User Sync Tool's sign-sync-config.yml to run from, as {@code --ust-config} does (ROSTER_UST_CONFIG, for
     * containers): its job and settings are read from UST's files at start, secrets from the environment.
     */
    @WithName("ust-config")
    Optional<String> ustConfig();

    /** Folder of job files ({@code <job>.yaml}: source format, mapping, rules). Read at every run. */
    @WithName("config-dir")
    @WithDefault("config/jobs")
    String configDir();

    /** Folder for one JSON report per run; unset writes none. */
    @WithName("report-dir")
    Optional<String> reportDir();

    Api api();

    interface Api {
        /**
         * The bearer token every request to Roster's HTTP API ({@code /roster/...}: run now, run history, audit, dead
         * letters) must carry. Unset: the API refuses every request (the health and metrics endpoints stay open).
         */
        Optional<String> token();
    }

    Console console();

    /** The admin console at {@code /console}: who may sign in, and for how long. */
    interface Console {
        /**
         * A second token, for people who may look but not act (no runs, approvals, retries or discards); at least 32
         * characters. Admins sign in with roster.api.token. A secret: set it from the environment
         * (ROSTER_CONSOLE_READ_ONLY_TOKEN).
         */
        @WithName("read-only-token")
        Optional<String> readOnlyToken();

        /** How long a sign-in lasts. */
        @WithName("session-length")
        @WithDefault("8h")
        Duration sessionLength();

        /** Single sign-on with OpenID Connect (quarkus.oidc.*): which of a person's roles make them admin or viewer. */
        Sso sso();

        interface Sso {
            /** The role (group, app role: whatever quarkus.oidc.roles.role-claim-path reads) that signs in as admin. */
            @WithName("admin-role")
            @WithDefault("roster-admin")
            String adminRole();

            /** The role that signs in read-only. Someone with neither role is refused. */
            @WithName("viewer-role")
            @WithDefault("roster-viewer")
            String viewerRole();
        }
    }

    Report report();

    interface Report {
        /** The most action lines a run's report lists; the rest are counted (every change is in the audit log). */
        @WithName("max-actions")
        @WithDefault("10000")
        int maxActions();
    }

    Shutdown shutdown();

    interface Shutdown {
        /**
         * On SIGTERM, how long running jobs have to reach their next batch boundary and record themselves as
         * interrupted before Roster stops anyway. Keep it under the pod's terminationGracePeriodSeconds (30 s).
         */
        @WithDefault("20s")
        Duration grace();
    }

    Health health();

    interface Health {
        /** How often each job's source and target are checked for /q/health/ready (read by the health-checks route). */
        @WithName("check-interval")
        @WithDefault("60s")
        String checkInterval();
    }

    Safety safety();

    interface Safety {
        /**
         * With roster.once and roster.jobs: accept this many people as each job's source size after removals were
         * withheld for a drop, then exit. The next run measures its source against it.
         */
        @WithName("accept-source-size")
        Optional<Integer> acceptSourceSize();

        /** Who accepts the size, for the record; the operating-system user when unset. */
        @WithName("accepted-by")
        Optional<String> acceptedBy();
    }

    @WithName("dead-letters")
    DeadLetterMode deadLetters();

    interface DeadLetterMode {
        /** With roster.once: list, retry or discard the open dead letters of the selected jobs, then exit. */
        Optional<String> action();

        /** Restricts retry and discard to these letters. */
        Optional<List<Long>> ids();
    }

    /** How often a long run logs a progress line (done / total, rate, time left); 0s: never. */
    @WithName("progress-interval")
    @WithDefault("10s")
    Duration progressInterval();

    /** Records per batch when applying changes. */
    @WithName("batch-size")
    @WithDefault("500")
    int batchSize();

    /** Per job, its trigger's period (read by the job's route, e.g. {@code roster.schedule.csv-to-sign=1h}). */
    Map<String, String> schedule();

}
