package io.roster.commands;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roster.config.Invocation;
import io.roster.report.RunReports;
import io.roster.secrets.SecretMask;
import io.roster.state.DeadLetter;
import io.roster.state.HeldAction;
import io.roster.state.Plans;
import io.roster.state.RemovalBaseline;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The one-shot commands that need the state store, done by the running service that holds its embedded file, through
 * the service's API: {@code roster held|dead-letters|plan|apply|undo|run|accept-source-size} typed beside it (on its
 * machine, or with {@code kubectl exec} in its pod). They print what they print when they run alone — the same JSON on
 * standard output with {@code --json}, the same lines on standard error — and exit with the same codes. A run asked
 * for this way is the service's run: it goes on if this command is interrupted.
 */
public class ServiceCommands {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final LocalServiceFile service;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** How often a run whose answer was lost is looked up in the service's history. */
    private final Duration followEvery;

    public ServiceCommands(LocalServiceFile service, ObjectMapper json) {
        this(service, json, Duration.ofSeconds(5));
    }

    ServiceCommands(LocalServiceFile service, ObjectMapper json, Duration followEvery) {
        this.service = service;
        this.json = json;
        this.followEvery = followEvery;
    }

    /** Refused by the service (404 no such job, 400 a wrong argument): its reason, for one line and exit 2. */
    static final class Refused extends RuntimeException {
        Refused(String why) {
            super(why);
        }
    }

    /** The connection was lost after the request was sent: the service may be doing what it was asked. */
    static final class Lost extends IllegalStateException {
        Lost(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /** The command, by the service; its exit code. */
    public int run(Invocation asked, String by) {
        PrintStream out = asked.json() ? System.out : null;
        LOG.infof("the running service holds the state store: it does this command (%s)", service.api());
        try {
            return switch (asked.command()) {
                case RUN -> runJobs(asked.jobs(), asked.dryRun(), by, out);
                case UNDO -> report(call("POST", "roster/runs/" + path(asked.argument()) + "/undo", query("dryRun",
                        List.of(asked.dryRun())) + query("by", List.of(by))), out);
                case PLAN -> plan(asked.jobs().get(0), asked.argument(), by, out);
                case APPLY -> report(call("POST", "roster/plans/" + path(asked.argument()) + "/apply",
                        query("by", List.of(by))), out);
                case HELD -> held(asked, by, out);
                case DEAD_LETTERS -> deadLetters(asked.argument(), asked.jobs(), asked.ids(), out);
                case ACCEPT_SOURCE_SIZE -> acceptSourceSize(asked.people(), asked.jobs(), by, out);
                default -> throw new IllegalArgumentException(asked.command() + " is not asked of the service");
            };
        } catch (Refused e) {
            LOG.errorf("roster %s: %s", asked.command().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), e.getMessage());
            return 2;
        }
    }

    private int runJobs(List<String> named, boolean dryRun, String by, PrintStream out) {
        // every name checked before anything runs, as a run here does
        List<String> jobs = jobs(named);
        int exit = 0;
        List<JsonNode> reports = new ArrayList<>();
        boolean allRan = false;
        try {
            for (String job : jobs) {
                Instant asked = Instant.now();
                JsonNode report;
                try {
                    report = call("POST", "roster/jobs/" + path(job) + "/run", query("dryRun", List.of(dryRun))
                            + query("by", List.of(by)));
                } catch (Lost e) {
                    report = follow(job, by, asked, e);
                }
                if (report instanceof ObjectNode o && o.hasNonNull("summary")) {
                    LOG.info(o.remove("summary").asText()); // the service's log has the whole run
                }
                exit = Math.max(exit, report.path("exitCode").asInt(2));
                reports.add(report);
            }
            allRan = true;
        } finally {
            if (out != null && (allRan || !reports.isEmpty())) {
                RunReports.print(out, reports); // the runs that happened, even when a later one could not
            }
        }
        return exit;
    }

    /**
     * A run whose answer never came (the connection outlived the service's HTTP idle timeout, or a proxy's): it goes on
     * in the service, so it is found in the job's history — the newest run of the job started by {@code by} since
     * the request — and waited for. Its history record stands in for the report.
     */
    private JsonNode follow(String job, String by, Instant asked, Lost lost) {
        LOG.warnf("the service's answer for job %s was lost (%s): following the run in its history", job,
                lost.getCause() == null ? lost.getMessage() : lost.getCause().getMessage());
        Instant since = asked.minusSeconds(5); // the two clocks are one machine's, but a run's start is recorded after
        for (int looked = 0; ; looked++) {
            JsonNode mine = null;
            for (JsonNode run : call("GET", "roster/runs", query("job", List.of(job)) + query("limit", List.of(20)))) {
                JsonNode at = run.path("startedAt");
                Instant started = at.isNumber() ? Instant.ofEpochMilli((long) (at.asDouble() * 1000))
                        : Instant.parse(at.asText(Instant.EPOCH.toString()));
                if (by.equals(run.path("startedBy").asText()) && !started.isBefore(since)) {
                    mine = run; // newest first
                    break;
                }
            }
            if (mine == null && looked >= 12) {
                throw new IllegalStateException("the service's answer for job " + job + " was lost and no run of it"
                        + " started by " + by + " is in its history: it may not have started", lost);
            }
            if (mine != null && mine.hasNonNull("exitCode")) {
                LOG.infof("run %s of job %s ended: %s (exit %d)", mine.path("runId").asText(), job,
                        mine.path("status").asText(), mine.get("exitCode").asInt());
                return mine;
            }
            try {
                Thread.sleep(followEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while following the run (it goes on in the service)", e);
            }
        }
    }

    /** The named jobs, each one the service has (all of them when none is named); refused before anything is done. */
    private List<String> jobs(List<String> named) {
        List<String> all = read(call("GET", "roster/jobs", ""), new TypeReference<List<String>>() { });
        for (String job : named) {
            if (!all.contains(job)) {
                throw new Refused("'" + job + "' is not a job of the running service; jobs: " + all);
            }
        }
        if (all.isEmpty()) {
            throw new Refused("the running service has no job routes loaded");
        }
        return named.isEmpty() ? all : named;
    }

    private int report(JsonNode report, PrintStream out) {
        if (out != null) {
            RunReports.print(out, report);
        }
        LOG.infof("run %s of job %s: %s", report.path("runId").asText(), report.path("job").asText(),
                report.path("outcome").asText());
        return report.path("exitCode").asInt(2);
    }

    private int plan(String job, String person, String by, PrintStream out) {
        Plans.Plan plan = read(call("POST", "roster/jobs/" + path(job) + "/plan",
                (person == null ? "" : query("person", List.of(person))) + query("by", List.of(by))), new TypeReference<>() { });
        if (out != null) {
            RunReports.print(out, plan);
        } else {
            PlanCommands.print(System.out, plan);
        }
        return 0;
    }

    private int held(Invocation asked, String by, PrintStream out) {
        String filter = query("job", asked.jobs()) + query("id", asked.ids());
        if (asked.argument().equals("list")) {
            List<HeldAction> open = read(call("GET", "roster/held", filter), new TypeReference<>() { });
            HeldCommands.log(open);
            if (out != null) {
                RunReports.print(out, open);
            }
            return 0;
        }
        HeldCommands.Decided done = read(call("POST", "roster/held/" + path(asked.argument()), filter
                + query("all", asked.all() ? List.of(true) : List.of()) + query("by", List.of(by))), new TypeReference<>() { });
        HeldCommands.log(done, by);
        if (out != null) {
            RunReports.print(out, done);
        }
        return done.notHeld().isEmpty() ? 0 : 2;
    }

    private int deadLetters(String action, List<String> jobs, List<Long> ids, PrintStream out) {
        String chosen = query("job", jobs) + query("id", ids);
        switch (action) {
            case "list" -> {
                // one job: the service filters (a backlog of another job's letters is not fetched)
                List<DeadLetter> open = read(call("GET", "roster/dead-letters", jobs.size() == 1 ? query("job", jobs) : ""),
                        new TypeReference<List<DeadLetter>>() { })
                        .stream().filter(l -> jobs.isEmpty() || jobs.contains(l.job()))
                        .filter(l -> ids.isEmpty() || ids.contains(l.id())).toList();
                DeadLetterCommands.log(open);
                if (out != null) {
                    RunReports.print(out, open);
                }
                return 0;
            }
            case "retry" -> {
                DeadLetterCommands.RetryResult retried = read(call("POST", "roster/dead-letters/retry", chosen),
                        new TypeReference<>() { });
                DeadLetterCommands.log(retried);
                return retried.stillOpen().isEmpty() ? 0 : 1;
            }
            case "discard" -> {
                if (jobs.isEmpty() && ids.isEmpty()) {
                    throw new Refused("discarding dead letters needs roster.jobs or roster.dead-letters.ids");
                }
                int n = call("POST", "roster/dead-letters/discard", chosen).path("discarded").asInt();
                DeadLetterCommands.logDiscarded(n, ids);
                return 0;
            }
            default -> throw new Refused("roster.dead-letters.action must be list, retry or discard, not '" + action + "'");
        }
    }

    private int acceptSourceSize(Integer people, List<String> jobs, String by, PrintStream out) {
        if (people == null) {
            return 2;
        }
        if (jobs.isEmpty()) {
            throw new Refused("roster.safety.accept-source-size needs roster.jobs: name the jobs whose size you accept");
        }
        jobs(jobs); // every name checked before any size is accepted
        List<Map<String, Object>> accepted = new ArrayList<>();
        for (String job : jobs) {
            JsonNode answer = call("POST", "roster/jobs/" + path(job) + "/accept-source-size",
                    query("people", List.of(people)) + query("by", List.of(by)));
            Optional<RemovalBaseline> before = Optional.ofNullable(answer.get("replaced")).filter(n -> !n.isNull())
                    .map(n -> json.convertValue(n, RemovalBaseline.class));
            SourceSizeCommands.logAccepted(job, people, by, before);
            accepted.add(SourceSizeCommands.answer(job, people, by, before));
        }
        if (out != null) {
            RunReports.print(out, accepted);
        }
        return 0;
    }

    /** One request to the service's API; its JSON answer, or {@link Refused} with the service's reason. */
    private JsonNode call(String method, String path, String query) {
        URI uri = service.api().resolve(path + (query.isEmpty() ? "" : "?" + query.substring(1)));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + service.token())
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new IllegalStateException("the service that holds the state store does not answer at " + service.api()
                    + " (it may have stopped uncleanly; then remove the file it left beside the store)", e);
        } catch (IOException e) {
            String why = "the connection to the service at " + service.api() + " was lost (" + e.getMessage() + ")";
            if (method.equals("POST")) {
                throw new Lost(why + ": what it was asked to do may go on there, see its log or GET /roster/runs", e);
            }
            throw new IllegalStateException(why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the service worked (what it started goes on there)", e);
        }
        JsonNode body;
        try {
            body = answer.body().isBlank() ? json.nullNode() : json.readTree(answer.body());
        } catch (IOException e) {
            body = json.nullNode();
        }
        int status = answer.statusCode();
        if (status == 401 || status == 403) {
            throw new IllegalStateException("the service refused this command (" + reason(body, status) + "): was it"
                    + " started again since it wrote the file beside the store?");
        }
        if (status >= 400) {
            throw new Refused(SecretMask.apply(reason(body, status)));
        }
        if (status >= 300) {
            throw new IllegalStateException("the service at " + service.api() + " answered HTTP " + status + " (to "
                    + answer.headers().firstValue("Location").orElse("?") + "): one-shot commands beside it need its"
                    + " plain HTTP port (quarkus.http.insecure-requests=enabled, on loopback at least)");
        }
        if (body.isNull() || body.isMissingNode()) {
            throw new IllegalStateException("the service at " + service.api() + " answered HTTP " + status
                    + " with nothing to read");
        }
        return body;
    }

    private static String reason(JsonNode body, int status) {
        return body.hasNonNull("error") ? body.get("error").asText() : "HTTP " + status;
    }

    private <T> T read(JsonNode body, TypeReference<T> type) {
        return json.convertValue(body, type);
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code &name=a&name=b}, each value encoded; empty for no values. */
    private static String query(String name, Collection<?> values) {
        StringJoiner q = new StringJoiner("");
        for (Object v : values) {
            q.add("&" + name + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
        }
        return q.toString();
    }
}
