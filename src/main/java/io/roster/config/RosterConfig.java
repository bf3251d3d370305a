package io.roster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code roster.*} setting, typed. Each can be set in application.properties, as a system property, or as an
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

    @WithName("clean-up")
    CleanUpSettings cleanUp();

    /** What Roster may mend in source values before it checks them; each clean-up is counted in the run's report. */
    interface CleanUpSettings {
        /** Trim ordinary spaces at the ends of values (a tab or no-break space is never trimmed: it is named). */
        @WithName("trim-spaces")
        @WithDefault("true")
        boolean trimSpaces();

        /** Fold a line break inside a value (and the spaces around it) into one space; off, it rejects the record. */
        @WithName("fold-line-breaks")
        @WithDefault("false")
        boolean foldLineBreaks();
    }

    /** Lets a live run sync the bundled sample people (samples/) into its target; off, such a run is refused. */
    @WithName("allow-samples")
    @WithDefault("false")
    boolean allowSamples();

    /** The jobs to run (route ids); empty runs them all. */
    Optional<List<String>> jobs();

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

    Report report();

    interface Report {
        /** The most action lines a run's report lists; the rest are counted (every change is in the audit log). */
        @WithName("max-actions")
        @WithDefault("10000")
        int maxActions();
    }

    @WithName("job-lock")
    JobLock jobLock();

    interface JobLock {
        /**
         * How long a job's lock lasts without renewal: the holder renews it every half lease while its run goes on,
         * and an instance that dies mid-run blocks the job on other instances for at most this long (at least 30s).
         */
        @WithDefault("2m")
        Duration lease();
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
        /** A drop in valid source people, from the last clean run or an accepted size, larger than this (count or "N%") withholds removals. */
        @WithName("max-source-drop")
        @WithDefault("20%")
        String maxSourceDrop();

        /**
         * Whether a run whose source had rejected records may still remove people. Off: a rejected record may be a
         * person still there whose address was mistyped, so such a run removes no one.
         */
        @WithName("removals-despite-rejections")
        @WithDefault("false")
        boolean removalsDespiteRejections();

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

    @WithName("write-back")
    WriteBack writeBack();

    interface WriteBack {
        /** JDBC URL of the external database that receives one event row per applied change; unset = off. */
        @WithName("jdbc-url")
        Optional<String> jdbcUrl();

        Optional<String> username();

        /** A secret: set it from the environment. */
        Optional<String> password();

        /** The table the events go to (columns in the README). */
        @WithDefault("roster_events")
        String table();
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

    /** Per CSV job, where its file is (read by the job's route). */
    Map<String, CsvLocation> csv();

    interface CsvLocation {
        String dir();

        String file();
    }

    /** SQL sources by name, addressed by a job file's {@code sql.datasource}. */
    Map<String, SqlSource> sources();

    interface SqlSource {
        /** e.g. jdbc:postgresql://hr-db:5432/hr, jdbc:sqlserver://hr-db:1433;databaseName=hr, jdbc:mariadb://… */
        @WithName("jdbc-url")
        String jdbcUrl();

        Optional<String> username();

        /** A secret: set it from the environment (ROSTER_SOURCES_<NAME>_PASSWORD). */
        Optional<String> password();

        /** Connections kept for this source (a read uses one; a check another). */
        @WithName("max-connections")
        @WithDefault("2")
        int maxConnections();

        /** Rows fetched per round trip while streaming a read. */
        @WithName("fetch-size")
        @WithDefault("1000")
        int fetchSize();

        /** How long to wait for a connection (the driver's login timeout as well). */
        @WithName("connect-timeout")
        @WithDefault("15s")
        Duration connectTimeout();

        /** The longest a query may run before the database is asked to cancel it. */
        @WithName("query-timeout")
        @WithDefault("10m")
        Duration queryTimeout();
    }

    /** LDAP / Active Directory servers by name, addressed by a job file's {@code ldap.directory}. */
    Map<String, Directory> directories();

    interface Directory {
        /**
         * ldap://host:389 or ldaps://host:636; several (comma-separated, one scheme) are tried in order, for
         * failover between domain controllers.
         */
        String url();

        /** Upgrade a plain ldap:// connection to TLS before binding (StartTLS). */
        @WithName("start-tls")
        @WithDefault("false")
        boolean startTls();

        /** DN (or AD user principal name) to bind as; anonymous without it. */
        @WithName("bind-dn")
        Optional<String> bindDn();

        /** A secret: set it from the environment (ROSTER_DIRECTORIES_<NAME>_PASSWORD). */
        Optional<String> password();

        /** PEM file of the CA certificates to trust for ldaps:// and StartTLS; default: the JVM's trust store. */
        @WithName("trust-certificates")
        Optional<String> trustCertificates();

        /** Check that the server's certificate names the host connected to. */
        @WithName("verify-hostname")
        @WithDefault("true")
        boolean verifyHostname();

        @WithName("connect-timeout")
        @WithDefault("10s")
        Duration connectTimeout();

        /** The longest Roster waits for any one answer (a page of a search, a bind). */
        @WithName("read-timeout")
        @WithDefault("2m")
        Duration readTimeout();

        /** Entries per page of a paged search (AD's MaxPageSize is 1000). */
        @WithName("page-size")
        @WithDefault("1000")
        int pageSize();

        /** Connections kept for this directory (a read holds one for all its pages). */
        @WithName("max-connections")
        @WithDefault("2")
        int maxConnections();
    }

    Signature365 signature365();

    /** The Signature 365 intake, every part of its contract a setting (Symprex publishes no API reference). */
    interface Signature365 extends TargetCalls {
        @WithName("base-url")
        @WithDefault("https://app.signature365.com")
        String baseUrl();

        /** Path of the batch upsert, below the base URL. */
        @WithDefault("/api/v1/users/batch")
        String path();

        /** The secret from the Signature 365 "Database" integration page. A secret: set it from the environment. */
        Optional<String> secret();

        /** Header and scheme the secret is sent with. */
        @WithName("auth-header")
        @WithDefault("Authorization")
        String authHeader();

        @WithName("auth-scheme")
        @WithDefault("Bearer")
        String authScheme();

        /** The "source" named in each batch. */
        @WithName("source-name")
        @WithDefault("database")
        String sourceName();

        /** Users per request; a 413 answer halves it for the rest of the run. */
        @WithName("batch-size")
        @WithDefault("500")
        int batchSize();

        /** The standard field tokens the service accepts. */
        @WithName("standard-fields")
        @WithDefault("FirstName,LastName,DisplayName,JobTitle,Department,Company,Office,Phone,Mobile,Fax,Street,City,State,PostalCode,Country,Website,Photo")
        List<String> standardFields();

        /** Custom field tokens declared in Signature 365 (the incumbent's "Custom Fields" registry value). */
        @WithName("custom-fields")
        Optional<List<String>> customFields();

    }

    Sign sign();

    interface Sign extends TargetCalls {
        /** Sign accounts by key; {@code primary} is the one rules address without an {@code org::} prefix. */
        Map<String, Org> orgs();

        /** Page size for Sign's list calls. */
        @WithName("page-size")
        @WithDefault("1000")
        int pageSize();

        /** Writes in flight at once, per job (Sign throttles per account; keep this modest). */
        @WithDefault("8")
        int concurrency();

        /**
         * Sign's user lists show no status and no primary group: Roster remembers what it read (GET users/{id}) or
         * wrote, and reads each user again within this window, spread over its runs, to find changes made in Sign.
         */
        @WithName("recheck-window")
        @WithDefault("24h")
        Duration recheckWindow();

    }

    /** How Roster calls a target service: the same settings for every target, each under its own prefix. */
    interface TargetCalls {
        /** Time allowed for one HTTP call, from sending to the last byte of the answer. */
        @WithDefault("30s")
        Duration timeout();

        @WithName("connect-timeout")
        @WithDefault("10s")
        Duration connectTimeout();

        Retry retry();

        @WithName("circuit-breaker")
        CircuitBreaker circuitBreaker();

        /** Most requests per second to one account, all writer threads together; 0 = no limit. */
        @WithName("max-requests-per-second")
        @WithDefault("0")
        double maxRequestsPerSecond();
    }

    interface CircuitBreaker {
        /** The last N calls to an account that are judged. */
        @WithDefault("10")
        int window();

        /** Share of those that failed for good (5xx, timeouts, dropped connections, after retries) that opens it. */
        @WithName("failure-ratio")
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before it lets one through to test the account. */
        @WithDefault("60s")
        Duration delay();
    }

    interface Org {
        /** Where the account's API lives; a regional shard, or a simulator. {@code /api/rest/v6/baseUris} is asked first. */
        @WithName("base-url")
        @WithDefault("https://api.echosign.com")
        String baseUrl();

        /** The integration key (scopes user_read, user_write). A secret: set it from the environment. */
        @WithName("integration-key")
        Optional<String> integrationKey();

        /** The email of the admin who owns the key; Roster never changes that user. */
        @WithName("admin-email")
        Optional<String> adminEmail();

        /** Create source people who are not in Sign. */
        @WithName("create-users")
        @WithDefault("true")
        boolean createUsers();

        /** Allow sign_only_user_action: deactivate to deactivate users in this account. */
        @WithName("deactivate-users")
        @WithDefault("false")
        boolean deactivateUsers();

        /**
         * The most requests to this account per window, e.g. {@code 600/1m}, shared by every job and replica through
         * the state database (Adobe limits an account's calls per minute). Unset: no shared budget.
         */
        @WithName("request-budget")
        Optional<String> requestBudget();
    }

    interface Retry {
        /** Attempts per call, the first included, for 429, 5xx, timeouts and dropped connections. */
        @WithName("max-attempts")
        @WithDefault("6")
        int maxAttempts();

        /** First back-off when the answer gives no Retry-After; doubles per attempt, with jitter. */
        @WithName("initial-backoff")
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithName("max-backoff")
        @WithDefault("30s")
        Duration maxBackoff();

        /** A Retry-After longer than this fails the call instead of stalling the run. */
        @WithName("max-retry-after")
        @WithDefault("5m")
        Duration maxRetryAfter();
    }
}
