package io.roster.observe;

import com.unboundid.ldap.sdk.LDAPException;
import io.roster.job.JobSpec;
import io.roster.job.JobSpecs;
import io.roster.secrets.SecretMask;
import io.roster.source.SourceReadException;
import io.roster.source.csv.CsvSettings;
import io.roster.source.ldap.LdapDirectories;
import io.roster.source.sql.SqlSources;
import io.roster.steps.control.JobRunner;
import io.roster.steps.control.RouteReloadGuard;
import io.roster.steps.control.TriggerControl;
import io.roster.targets.entra.EntraSettings;
import io.roster.targets.sign.SignAccounts;
import io.roster.targets.signature365.Signature365Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether each selected job could run now: its job file reads, its source answers (the directory binds, the database
 * connects, the CSV file is there) and its target is configured and answers (each Sign account takes its key; the
 * Signature 365 service has a secret and accepts connections). Run on a schedule by the health-checks route, so a
 * probe reads the latest answer and never waits on a server. Messages name the part and never carry a secret.
 */
@ApplicationScoped
@Named("jobReachability")
public class JobReachability {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    /** One job's answer: null problems mean it could run. */
    public record Answer(String job, List<String> problems, Instant checkedAt) {
        public boolean ok() {
            return problems.isEmpty();
        }

        /** Which parts are wrong ("source", "target", "job file"), without the details: what open health may say. */
        public List<String> parts() {
            return problems.stream().map(p -> p.substring(0, Math.max(0, p.indexOf(':')))).distinct().toList();
        }
    }

    private final JobRunner runner;
    private final JobSpecs specs;
    private final CsvSettings csv;
    private final Signature365Settings signature365;
    private final SqlSources sql;
    private final LdapDirectories directories;
    private final SignAccounts sign;
    private final RouteReloadGuard reloads;
    private final TriggerControl triggers;
    private final EntraSettings entra;
    private final RosterMetrics metrics;
    private volatile Map<String, Answer> latest = Map.of();

    public JobReachability(JobRunner runner, JobSpecs specs, CsvSettings csv, Signature365Settings signature365, SqlSources sql,
                           LdapDirectories directories, SignAccounts sign, RouteReloadGuard reloads,
                           TriggerControl triggers, EntraSettings entra, RosterMetrics metrics) {
        this.metrics = metrics;
        this.entra = entra;
        this.reloads = reloads;
        this.triggers = triggers;
        this.runner = runner;
        this.specs = specs;
        this.csv = csv;
        this.signature365 = signature365;
        this.sql = sql;
        this.directories = directories;
        this.sign = sign;
    }

    /** The job's latest answer, or one checked now when there is none yet. */
    public Answer latestOrNow(String job) {
        Answer a = latest.get(job);
        return a != null ? a : check(job);
    }

    /** The latest answers, by job; empty until the first check. */
    public Map<String, Answer> latest() {
        return latest;
    }

    /** Checks every selected job (the health-checks route calls this on its schedule). */
    public Map<String, Answer> checkAll() {
        Map<String, Answer> out = new LinkedHashMap<>();
        for (String job : runner.selectedJobs()) {
            out.put(job, check(job));
            metrics.watch(job); // its gauges, roster_job_reachable among them, from its first check
        }
        latest = Map.copyOf(out);
        out.values().stream().filter(a -> !a.ok()).forEach(a ->
                LOG.warnf("job %s cannot run now: %s", a.job(), String.join("; ", a.problems())));
        return out;
    }

    Answer check(String job) {
        List<String> problems = new ArrayList<>();
        JobSpec spec;
        try {
            spec = specs.load(job);
        } catch (RuntimeException e) {
            return new Answer(job, List.of(SecretMask.apply("job file: " + e.getMessage())), Instant.now());
        }
        reloads.problem(job).ifPresent(problems::add);
        triggers.problem(job).ifPresent(p -> problems.add("schedule: " + p));
        source(job, spec).ifPresent(problems::add);
        problems.addAll(runner.target(job).filter("entra"::equals).isPresent() ? entra() : target(spec));
        return new Answer(job, problems.stream().map(SecretMask::apply).toList(), Instant.now());
    }

    private Optional<String> source(String job, JobSpec spec) {
        if (spec.ldap() != null) {
            String name = spec.ldap().directory();
            try {
                directories.pool(name).getRootDSE();
                return Optional.empty();
            } catch (SourceReadException e) {
                return Optional.of("source: " + e.getMessage());
            } catch (LDAPException e) {
                return Optional.of("source: directory " + name + ": " + directories.safeMessage(name, e));
            } catch (RuntimeException e) {
                return Optional.of("source: directory " + name + ": " + e.getMessage());
            }
        }
        if (spec.sql() != null) {
            String name = spec.sql().datasource();
            try (Connection c = sql.readOnly(name)) {
                return Optional.empty();
            } catch (SQLException e) {
                return Optional.of("source: SQL source " + name + ": cannot connect: " + sql.safeMessage(name, e));
            } catch (RuntimeException e) {
                return Optional.of("source: SQL source " + name + ": " + e.getMessage());
            }
        }
        CsvSettings.Location at = csv.csv().get(job);
        if (at == null) {
            return Optional.of("source: no roster.csv." + job + ".dir / .file setting says where its CSV is");
        }
        Path file = Path.of(at.dir(), at.file());
        return Files.isReadable(file) ? Optional.empty()
                : Optional.of("source: the CSV file " + file.toAbsolutePath() + " is not there or not readable");
    }

    /** An Entra ID job: the tenant and the app's credential are set, and Graph accepts connections. */
    private List<String> entra() {
        List<String> problems = new ArrayList<>();
        if (entra.tenant().filter(t -> !t.isBlank()).isEmpty() || entra.clientId().filter(t -> !t.isBlank()).isEmpty()) {
            problems.add("target: Entra ID has no tenant or client id (roster.entra.tenant, roster.entra.client-id)");
        } else if (entra.clientSecret().filter(t -> !t.isBlank()).isEmpty() && entra.certificate().isEmpty()) {
            problems.add("target: Entra ID has no client secret (ROSTER_ENTRA_CLIENT_SECRET) or certificate"
                    + " (roster.entra.certificate)");
        } else {
            if (entra.certificate().isPresent() && !Files.isReadable(Path.of(entra.certificate().get()))) {
                problems.add("target: Entra ID's certificate file " + entra.certificate().get() + " cannot be read");
            }
            int timeout = (int) entra.connectTimeout().toMillis();
            // the token endpoint is another host (login.microsoftonline.com), often behind its own egress rule
            connectable("the Entra ID token endpoint", entra.tokenUrl().replace("{tenant}", entra.tenant().get()), timeout)
                    .ifPresent(problems::add);
            connectable("Microsoft Graph", entra.graphUrl(), timeout).ifPresent(problems::add);
        }
        return problems;
    }

    private List<String> target(JobSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec.signature365() != null) {
            Signature365Settings s = signature365;
            if (s.secret().filter(v -> !v.isBlank()).isEmpty()) {
                problems.add("target: Signature 365 has no secret (ROSTER_SIGNATURE365_SECRET)");
            } else {
                connectable("Signature 365", s.baseUrl(), (int) s.connectTimeout().toMillis()).ifPresent(problems::add);
            }
            return problems;
        }
        for (String org : spec.sign().accounts()) {
            try {
                if (!sign.connected(org)) {
                    problems.add("target: Sign account " + org + " has no integration key (ROSTER_SIGN_ORGS_"
                            + org.toUpperCase().replace('-', '_') + "_INTEGRATION_KEY)");
                    continue;
                }
                String problem = sign.client(org).ping();
                if (problem != null) {
                    problems.add("target: Sign account " + org + ": " + problem);
                }
            } catch (RuntimeException e) {
                problems.add("target: Sign account " + org + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** A TCP connection only: Roster knows no Signature 365 request that changes nothing. */
    private static Optional<String> connectable(String what, String url, int timeoutMillis) {
        URI uri = URI.create(url);
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("target: " + what + " (" + uri.getHost() + ":" + port + ") cannot be reached: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
