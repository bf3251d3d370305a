package io.roster.steps;

import io.roster.mapping.MappedPeople;
import io.roster.plan.EntraPlanner;
import io.roster.plan.EntraRules;
import io.roster.plan.EntraUser;
import io.roster.report.RunReport.Count;
import io.roster.state.TargetRejection;
import io.roster.targets.StoredPlans;
import io.roster.targets.entra.EntraAttributes;
import io.roster.targets.entra.EntraBatchApply;
import io.roster.targets.entra.EntraDirectoryWriter;
import io.roster.targets.entra.EntraPlanned;
import io.roster.targets.entra.EntraSession;
import io.roster.targets.entra.EntraTarget;
import io.roster.targets.entra.EntraSettings;
import io.roster.targets.entra.EntraUnconfirmedWrites;
import io.roster.targets.entra.EntraUsers;
import io.roster.targets.entra.ScimRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Entra ID job's stages, batch by batch: people → planned (matched to Entra users, only the attributes that
 * differ) → written; once the source is read, the attributes the source emptied, as the removals policy allows.
 * Route steps call these as {@code entra?method=…}; the work lives in the planner and the batch writer.
 */
@ApplicationScoped
@Named("entra")
public class EntraSteps {

    private final EntraTarget target;
    private final EntraBatchApply writer;
    private final Runs runs;
    private final EntraUsers users;
    private final EntraDirectoryWriter directory;
    private final StoredPlans plans;
    private final EntraPlanner planner = new EntraPlanner();
    private final EntraUnconfirmedWrites unconfirmed;
    private final EntraSettings settings;

    public EntraSteps(EntraTarget target, EntraBatchApply writer, Runs runs, EntraUsers users,
                      EntraDirectoryWriter directory, StoredPlans plans, EntraUnconfirmedWrites unconfirmed,
                      EntraSettings settings) {
        this.unconfirmed = unconfirmed;
        this.settings = settings;
        this.directory = directory;
        this.plans = plans;
        this.users = users;
        this.target = target;
        this.writer = writer;
        this.runs = runs;
    }

    /** Before reading anything: every mapped attribute is one Roster writes, and a real run has credentials. */
    public void start(@ExchangeProperty(Run.PROPERTY) Run run) {
        EntraAttributes.check(run.job(), run.spec().mapping().fields().keySet());
        if (run.spec().entra().synced() == EntraRules.Synced.DIRECTORY) {
            directory.check(run.spec().entra().directory()); // a directory connection that is not configured: said now
        }
        if (run.spec().entra().provisioning() != null) {
            ScimRecords.check(run.job(), run.spec().entra().provisioning());
        }
        if (run.applyPlan() != null) {
            session(run).plan().applying(plans.open(run.applyPlan(), run)); // refused before anything is read if not open
        }
        if (run.dryRun() && !target.configured()) {
            run.report().warn("Entra ID is not configured: this dry run cannot read the tenant's users, so it plans"
                    + " nothing (set roster.entra.tenant, client-id and ROSTER_ENTRA_CLIENT_SECRET)");
        } else {
            target.client();
        }
    }

    /** Each person of the batch matched to one Entra user, and the attributes that differ (the users read once a run). */
    public EntraPlanned plan(@Body MappedPeople batch, @ExchangeProperty(Run.PROPERTY) Run run) {
        if (!target.configured()) {
            return new EntraPlanned(List.of(), List.of());
        }
        Map<String, List<EntraUser>> index = session(run).index(() -> {
            Map<String, List<EntraUser>> read = EntraPlanner.index(users.read(target.client().countingAlso(run.requests()),
                    target.tenant(), EntraAttributes.select(run.spec())), run.spec().entra());
            unconfirmed.check(run, read); // what a killed run sent is audited if Entra shows it
            return read;
        });
        EntraPlanner.Plan plan = planner.plan(batch.people(), index, run.spec().entra(), session(run).taken(),
                Instant.now().minus(settings.syncWait()));
        session(run).waited(plan.waiting(), plan.resent());
        run.report().count(Count.UNCHANGED, plan.unchanged().size());
        run.report().inStep(plan.unchanged()); // their open dead letters are resolved when the run ends well
        session(run).matched(plan.unchanged().size() + plan.changes().size());
        List<TargetRejection> rejected = new ArrayList<>();
        for (EntraPlanner.Refusal r : plan.refused()) {
            rejected.add(new TargetRejection(EntraTarget.NAME, r.key(), r.email() + " (" + r.rows() + ")", r.reason(),
                    r.fields()));
        }
        return new EntraPlanned(plan.changes(), rejected);
    }

    /** The batch's attributes are written, 20 users to a Graph request ({@link EntraBatchApply}). */
    public void apply(@Body EntraPlanned planned, @ExchangeProperty(Run.PROPERTY) Run run) {
        writer.apply(planned.changes(), run, session(run));
    }

    /** The source is read: the attributes it emptied are cleared, as the removals policy allows. */
    public void finish(@ExchangeProperty(Run.PROPERTY) Run run) {
        session(run).sayWaited(run.report(), settings.syncWait());
        writer.finish(run, session(run), () -> runs.removalsWithheld(run.report()));
    }

    private EntraSession session(Run run) {
        return run.session(EntraSession.class, () -> {
            EntraSession s = new EntraSession();
            run.beforeEnd(() -> writer.drain(s)); // however the run ends, nothing is journaled after it
            return s;
        });
    }
}
