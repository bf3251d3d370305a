package io.roster.targets;

import io.roster.config.JobConfigException;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport.Entry;
import io.roster.report.RunReport;
import io.roster.state.PlanSettings;
import io.roster.state.Plans;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans an admin reads, then applies exactly ({@code roster plan JOB}, {@code roster apply PLAN_ID}), the same way for
 * every target: a dry run keeps its plan; applying it re-plans from the source and the target as they are now and
 * applies only the stored changes that are still exactly what the plan said (a change's fingerprint holds the values
 * it starts from). One whose person moved since is left out and reported, or the whole plan is refused
 * ({@code roster.plans.on-stale}). A plan is applied once, before it expires; a failed apply reopens it.
 */
@ApplicationScoped
public class StoredPlans {

    private final Plans plans;
    private final PlanSettings settings;

    public StoredPlans(Plans plans, PlanSettings settings) {
        this.plans = plans;
        this.settings = settings;
    }

    /** Keeps a dry run's plan under the run's id, until roster.plans.expire-after from now. */
    public void keep(TargetRun run, List<Plans.Planned> changes) {
        plans.save(run.id(), run.job(), Instant.now().plus(settings.expireAfter()), changes);
    }

    /** The plan an apply run applies: it must be this job's, open and not expired. */
    public Plans.Plan open(String planId, TargetRun run) {
        Plans.Plan plan = plans.get(planId).orElseThrow(() -> new JobConfigException("there is no plan " + planId
                + " (roster plan " + run.job() + " makes one)"));
        if (!plan.job().equals(run.job())) {
            throw new JobConfigException("plan " + planId + " is job " + plan.job() + "'s, not " + run.job() + "'s");
        }
        if (!Plans.OPEN.equals(plan.status())) {
            throw new JobConfigException("plan " + planId + " was applied already, by run " + plan.appliedByRun());
        }
        if (Instant.now().isAfter(plan.expiresAt())) {
            throw new JobConfigException("plan " + planId + " expired at " + plan.expiresAt()
                    + " (roster.plans.expire-after): plan again");
        }
        return plan;
    }

    /**
     * The fingerprints of the plan's changes that this run still plans exactly ({@code plannedNow}): only those are
     * applied. Stale ones refuse the plan before anything is applied, or are left out and reported. The plan is then
     * marked applied by this run, and reopened if the run does not end as a whole.
     */
    public Set<String> narrow(Plans.Plan plan, Set<String> plannedNow, TargetRun run) {
        List<Plans.Planned> stale = plan.changes().stream().filter(p -> !plannedNow.contains(p.fingerprint())).toList();
        RunReport report = run.report();
        if (!stale.isEmpty() && settings.onStale() == PlanSettings.OnStale.REFUSE) {
            throw new JobConfigException("plan " + plan.id() + " is stale: " + stale.size() + " of its changes are no"
                    + " longer what the source and the target give (" + stale.stream().map(Plans.Planned::email)
                    .limit(10).collect(Collectors.joining(", ")) + "); nothing was applied (roster.plans.on-stale: refuse)");
        }
        for (Plans.Planned p : stale) {
            report.count(Count.SKIPPED, 1);
            report.record(new Entry(p.email(), p.target(), "skipped", p.action() + " left out: changed since plan "
                    + plan.id() + " was made"));
        }
        if (!stale.isEmpty()) {
            report.warn(stale.size() + " changes of plan " + plan.id() + " were left out: their person or target user"
                    + " changed since the plan was made");
        }
        if (!plans.applied(plan.id(), run.id())) {
            throw new JobConfigException("plan " + plan.id() + " was applied already");
        }
        run.beforeEnd(() -> {
            if (run.report().error() != null || run.report().interruption() != null) {
                plans.reopen(plan.id()); // not applied as a whole: it may be applied again
            }
        });
        Set<String> go = new HashSet<>();
        plan.changes().forEach(p -> go.add(p.fingerprint()));
        go.retainAll(plannedNow);
        return go;
    }
}
