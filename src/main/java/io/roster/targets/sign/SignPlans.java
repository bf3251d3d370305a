package io.roster.targets.sign;

import io.roster.config.JobConfigException;
import io.roster.mapping.MappedPeople;
import io.roster.mapping.Person;
import io.roster.plan.SignAction;
import io.roster.plan.SignPlan;
import io.roster.plan.SignPlanner;
import io.roster.plan.SignSyncRules;
import io.roster.plan.UserManagementRule;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport.Entry;
import io.roster.report.RunReport;
import io.roster.state.PlanSettings;
import io.roster.state.Plans;
import io.roster.targets.TargetRun;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans an admin reads, then applies exactly ({@code roster plan JOB}, {@code roster apply PLAN_ID}). A dry run keeps
 * its plan: every change with the person, the account, before → after, and why — the source record, the rules that
 * matched (their place in the job file), what Sign held. Applying it re-plans from the source and Sign as they are
 * now and applies only the stored changes that are still exactly what the plan said; one whose person or Sign user
 * moved since is left out and reported, or the plan is refused ({@code roster.plans.on-stale}). The job's holds,
 * its admins' rejections and sign_only_limit still apply to what is left.
 */
@ApplicationScoped
public class SignPlans {

    private final Plans plans;
    private final PlanSettings settings;

    public SignPlans(Plans plans, PlanSettings settings) {
        this.plans = plans;
        this.settings = settings;
    }

    /** Keeps a dry run's plan with the run's id; {@code applied}: what would go ahead (the rest a hold keeps waiting). */
    public void store(SignPlan planned, SignPlan applied, MappedPeople people, SignSyncRules rules, TargetRun run) {
        Map<String, Person> byKey = new HashMap<>();
        people.people().forEach(p -> byKey.put(p.key(), p));
        Set<String> going = new HashSet<>();
        applied.actions().forEach(a -> going.add(a.fingerprint()));
        List<Plans.Planned> changes = new ArrayList<>();
        List<SignAction> all = new ArrayList<>(planned.actions());
        all.addAll(planned.overLimit());
        for (SignAction a : all) {
            changes.add(new Plans.Planned(a.target(), a.key(), a.email(), a.reportName(), a.fingerprint(), a.detail(),
                    a.before(), a.after(), why(a, byKey.get(a.key()), rules), !going.contains(a.fingerprint())));
        }
        plans.save(run.id(), run.job(), Instant.now().plus(settings.expireAfter()), changes);
    }

    /** Why a change is planned: its source record and the rules that matched, or that it is Sign-only; what Sign held. */
    static String why(SignAction a, Person p, SignSyncRules rules) {
        String had = a.before().isEmpty() ? "Sign had no such user"
                : "Sign had " + a.before().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "));
        if (p == null) {
            return "Sign-only: in Sign but not among the source's people (users: " + rules.scope() + "),"
                    + " sign_only_user_action: " + rules.signOnlyAction().name().toLowerCase(Locale.ROOT) + "; " + had;
        }
        List<UserManagementRule> matched = SignPlanner.matching(p, a.org(), rules);
        return "source: " + p.rows() + "; " + (matched.isEmpty() ? "no rule gives a group or role (the account's default)"
                : matched.stream().map(UserManagementRule::describe).collect(Collectors.joining(", "))) + "; " + had;
    }

    /**
     * The stored plan's changes that are still exactly what it said, out of what this run plans now: only those are
     * applied. The plan must be this job's, open and not expired.
     */
    public SignPlan narrow(SignPlan planned, String planId, TargetRun run) {
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
        Set<String> stored = new HashSet<>();
        plan.changes().forEach(p -> stored.add(p.fingerprint()));
        Set<String> now = new HashSet<>();
        planned.actions().forEach(a -> now.add(a.fingerprint()));
        planned.overLimit().forEach(a -> now.add(a.fingerprint()));
        List<SignAction> go = planned.actions().stream().filter(a -> stored.contains(a.fingerprint())).toList();
        List<SignAction> overLimit = planned.overLimit().stream().filter(a -> stored.contains(a.fingerprint())).toList();
        List<Plans.Planned> stale = plan.changes().stream().filter(p -> !now.contains(p.fingerprint())).toList();
        RunReport report = run.report();
        if (!stale.isEmpty() && settings.onStale() == PlanSettings.OnStale.REFUSE) {
            throw new JobConfigException("plan " + planId + " is stale: " + stale.size() + " of its changes are no longer"
                    + " what the source and Sign give (" + stale.stream().map(Plans.Planned::email).limit(10)
                    .collect(Collectors.joining(", ")) + "); nothing was applied (roster.plans.on-stale: refuse)");
        }
        for (Plans.Planned p : stale) {
            report.count(Count.SKIPPED, 1);
            report.record(new Entry(p.email(), p.target(), "skipped", p.action() + " left out: changed since plan "
                    + planId + " was made"));
        }
        if (!stale.isEmpty()) {
            report.warn(stale.size() + " changes of plan " + planId + " were left out: their person or Sign user changed"
                    + " since the plan was made");
        }
        if (!plans.applied(planId, run.id())) {
            throw new JobConfigException("plan " + planId + " was applied already");
        }
        run.beforeEnd(() -> {
            if (run.report().error() != null || run.report().interruption() != null) {
                plans.reopen(planId); // not applied as a whole: it may be applied again
            }
        });
        // only the groups the applied changes need; holds, rejections and sign_only_limit still apply (SignHolds)
        Set<String> needed = new HashSet<>();
        go.forEach(a -> a.groups().forEach(g -> needed.add(a.org() + "\u0000" + g.groupName())));
        overLimit.forEach(a -> a.groups().forEach(g -> needed.add(a.org() + "\u0000" + g.groupName())));
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        planned.groupsToCreate().forEach((org, names) -> names.stream().filter(n -> needed.contains(org + "\u0000" + n))
                .forEach(n -> groups.computeIfAbsent(org, o -> new LinkedHashSet<>()).add(n)));
        return new SignPlan(go, groups, planned.unchanged(), planned.skipped(), planned.warnings(), planned.blocked(),
                overLimit);
    }
}
