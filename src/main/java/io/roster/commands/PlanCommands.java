package io.roster.commands;

import io.roster.mapping.Emails;
import io.roster.report.RunReport;
import io.roster.report.RunReports;
import io.roster.state.Plans;
import io.roster.steps.control.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code roster plan JOB [--person EMAIL]} and {@code roster apply PLAN_ID}: a plan an admin reads — every change with
 * why — then applies exactly. For Sign and Signature 365 jobs.
 */
@ApplicationScoped
public class PlanCommands {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    private final JobRunner runner;
    private final Plans plans;

    public PlanCommands(JobRunner runner, Plans plans) {
        this.runner = runner;
        this.plans = plans;
    }

    /** A dry run that planned a job, and the plan it kept; none when it could not run. */
    public record Planned(RunReport run, Optional<Plans.Plan> plan) {

        /** Why there is no plan, for an error message. */
        public String whyNone() {
            return run.error() != null ? run.error() : "the run kept no plan";
        }
    }

    /** Plans the job (a dry run) and keeps the plan. */
    public Planned plan(String job, String startedBy) {
        RunReport run = runner.plan(job, startedBy);
        return new Planned(run, run.exitCode() == 2 ? Optional.empty() : plans.get(run.id()));
    }

    /** The plan, its changes only those of {@code person} when one is named (by email, any case). */
    public Optional<Plans.Plan> get(String id, String person) {
        return plans.get(id).map(p -> person == null || person.isBlank() ? p : new Plans.Plan(p.id(), p.job(),
                p.createdAt(), p.expiresAt(), p.status(), p.appliedByRun(), p.changes().stream()
                .filter(c -> c.key().equals(Emails.key(person))).toList()));
    }

    /** Applies a stored plan; the run's report. */
    public RunReport apply(String id, String startedBy) {
        Plans.Plan plan = plans.get(id).orElseThrow(() -> new IllegalArgumentException("there is no plan " + id));
        return runner.apply(id, plan.job(), startedBy);
    }

    /** The run mode of {@code roster plan}: prints the plan (text, or JSON), then exits 0; 2 when there is none. */
    public int planMode(String job, String person, PrintStream json) {
        Planned planned = plan(job, "command line");
        if (planned.plan().isEmpty()) {
            LOG.errorf("roster plan %s: no plan was made: %s", job, planned.whyNone());
            return 2;
        }
        Plans.Plan shown = get(planned.plan().get().id(), person).orElseThrow();
        if (json != null) {
            RunReports.print(json, shown);
        } else {
            print(System.out, shown);
        }
        return 0;
    }

    /** {@code roster plan}'s text, here or beside the service. */
    static void print(PrintStream out, Plans.Plan shown) {
        out.println("plan " + shown.id() + " of job " + shown.job() + ": " + shown.changes().size()
                + " changes; apply with: roster apply " + shown.id() + " (until " + shown.expiresAt() + ")");
        for (Plans.Planned c : shown.changes()) {
            out.println("  " + c.action() + " " + c.email() + " in " + c.target() + (c.held() ? " [held]" : "")
                    + ": " + c.detail() + "\n      why: " + c.why());
        }
    }

    /** The run mode of {@code roster apply}: exits as the run does; 2 when there is no such plan. */
    public int applyMode(String id, PrintStream json) {
        RunReport run;
        try {
            run = apply(id, "command line");
        } catch (IllegalArgumentException e) {
            LOG.errorf("roster apply %s: %s", id, e.getMessage());
            return 2;
        }
        if (json != null) {
            RunReports.print(json, RunReports.of(run, Instant.now()));
        }
        return run.exitCode();
    }
}
