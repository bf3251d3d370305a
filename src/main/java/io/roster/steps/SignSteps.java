package io.roster.steps;

import io.roster.mapping.MappedPeople;
import io.roster.plan.History;
import io.roster.plan.LastWrites;
import io.roster.plan.OrgPolicy;
import io.roster.plan.SignAction;
import io.roster.plan.SignPlan;
import io.roster.plan.SignPlanner;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport.Entry;
import io.roster.report.RunReport;
import io.roster.state.ChangeJournal;
import io.roster.targets.sign.JournaledLastWrites;
import io.roster.targets.sign.SignAccounts;
import io.roster.targets.sign.SignAccountsState;
import io.roster.targets.sign.SignBatchApply;
import io.roster.targets.sign.SignHolds;
import io.roster.targets.sign.SignOwnership;
import io.roster.targets.sign.SignPlans;
import io.roster.targets.sign.SignReader;
import io.roster.targets.sign.SignSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import io.roster.steps.control.JobRoutes;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Sign job's stages: read the accounts → (people, accounts) → plan → actions → each batch applied. Route steps
 * call these as {@code sign?method=…}; the work lives in the reader, the planner and the batch writer.
 */
@ApplicationScoped
@Named("sign")
public class SignSteps {

    private final SignReader reader;
    private final SignBatchApply writer;
    private final SignAccounts accounts;
    private final ChangeJournal journal;
    private final Runs runs;
    private final SignHolds holds;
    private final SignPlans plans;
    private final SignOwnership ownership;
    private final CamelContext camel;
    private final SignPlanner planner = new SignPlanner();

    public SignSteps(SignReader reader, SignBatchApply writer, SignAccounts accounts, ChangeJournal journal, Runs runs,
                     SignHolds holds, SignPlans plans, SignOwnership ownership, CamelContext camel) {
        this.ownership = ownership;
        this.camel = camel;
        this.holds = holds;
        this.plans = plans;
        this.reader = reader;
        this.writer = writer;
        this.accounts = accounts;
        this.journal = journal;
        this.runs = runs;
    }

    /** What every account the job's rules address holds now. */
    public SignAccountsState readState(@ExchangeProperty(Run.PROPERTY) Run run) {
        return reader.read(run);
    }

    /** The difference between the people and the accounts, under the job's rules and the removals policy. */
    public SignPlan plan(@Body SignInputs inputs, @ExchangeProperty(Run.PROPERTY) Run run) {
        session(run).state(inputs.accounts());
        MappedPeople people = inputs.people();
        Map<String, OrgPolicy> policies = new LinkedHashMap<>();
        Map<String, LastWrites> lastWrites = new LinkedHashMap<>();
        for (String org : inputs.accounts().orgs().keySet()) {
            policies.put(org, accounts.policy(org));
            lastWrites.put(org, new JournaledLastWrites(journal, run.job(), "sign:" + org));
        }
        RunReport report = run.report();
        Optional<String> removalsWithheld = runs.removalsWithheld(report);
        History history = new History(run.spec().conflicts(), lastWrites, removalsWithheld,
                report.changesOnly() != null, ownership.otherJobs(run.job(), Set.copyOf(JobRoutes.jobs(camel))));
        SignPlan raw = planner.plan(people, inputs.accounts().orgs(), run.spec().sign(), policies, history);
        if (!report.dryRun() && report.changesOnly() == null && removalsWithheld.isEmpty()) {
            // a whole read: the job now manages exactly the people its plan claimed in each account
            ownership.claim(run.job(), raw, inputs.accounts().orgs().keySet(), run.spec().sign(), people.held());
        }
        // roster apply: only the stored plan's changes, those still exactly as planned
        SignPlan planned = run.applyPlan() != null ? plans.narrow(raw, run.applyPlan(), run) : raw;
        // risky changes past the job's holds wait for an admin; what an admin approved goes ahead
        SignPlan plan = holds.apply(planned, raw, inputs.accounts(), run.spec().holds(), run);
        if (run.storePlan()) {
            plans.store(planned, plan, people, run.spec().sign(), run);
        }
        run.planned(plan.actions().size());
        Set<String> acting = new HashSet<>();
        raw.actions().forEach(a -> acting.add(a.key())); // held or left-out people are not in step either
        report.inStep(people.people().stream().map(p -> p.key()).filter(k -> !acting.contains(k)).toList());
        report.count(Count.UNCHANGED, plan.unchanged());
        report.count(Count.SKIPPED, plan.skipped().size());
        plan.skipped().forEach(s -> report.record(new Entry(s.email(), s.org(), "skipped", s.reason())));
        plan.warnings().forEach(report::warn);
        if (!plan.blocked().isEmpty()) {
            report.actionsHeld();
        }
        return plan;
    }

    /** The groups the plan needs are created first; the body becomes the actions to apply. */
    public List<SignAction> createGroups(@Body SignPlan plan, @ExchangeProperty(Run.PROPERTY) Run run) {
        return writer.createGroups(plan, run, session(run));
    }

    /** One batch of actions: noted, sent in parallel, journaled, checkpointed ({@link SignBatchApply}). */
    public void apply(@Body List<SignAction> batch, @ExchangeProperty(Run.PROPERTY) Run run) {
        writer.apply(batch, run, session(run));
    }

    private static SignSession session(Run run) {
        return run.session(SignSession.class, SignSession::new);
    }
}
