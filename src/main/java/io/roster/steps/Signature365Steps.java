package io.roster.steps;

import io.roster.mapping.MappedPeople;
import io.roster.mapping.Person;
import io.roster.plan.Signature365Plan;
import io.roster.plan.Signature365Planner;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport;
import io.roster.state.ChangeJournal;
import io.roster.state.TargetRejection;
import io.roster.targets.StoredPlans;
import io.roster.targets.signature365.SeenKeys;
import io.roster.targets.signature365.SentHashes;
import io.roster.targets.signature365.Signature365BatchApply;
import io.roster.targets.signature365.Signature365Planned;
import io.roster.targets.signature365.Signature365Session;
import io.roster.targets.signature365.Signature365Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * A Signature 365 job's stages, batch by batch: people → planned (only who changed since Roster last sent them) →
 * sent; once the source is read, the rest and the people who vanished. Route steps call these as
 * {@code signature365?method=…}; the work lives in the planner and the batch writer.
 */
@ApplicationScoped
@Named("signature365")
public class Signature365Steps {

    private final Signature365Target target;
    private final Signature365BatchApply writer;
    private final ChangeJournal journal;
    private final Runs runs;
    private final StoredPlans plans;
    private final Signature365Planner planner = new Signature365Planner();

    public Signature365Steps(Signature365Target target, Signature365BatchApply writer, ChangeJournal journal, Runs runs,
                             StoredPlans plans) {
        this.plans = plans;
        this.target = target;
        this.writer = writer;
        this.journal = journal;
        this.runs = runs;
    }

    /** Before reading anything: the mapping's tokens are declared, email is mapped, and a real run has a secret. */
    public void start(@ExchangeProperty(Run.PROPERTY) Run run) {
        target.fields().check(run.job(), run.spec().mapping());
        if (run.dryRun() && !target.connected()) {
            run.report().warn("Signature 365 has no secret: this dry run only shows what would be sent");
        } else if (!run.dryRun()) {
            target.client();
        }
        if (run.applyPlan() != null) {
            session(run).plan().applying(plans.open(run.applyPlan(), run)); // refused before anything is read if not open
        }
    }

    /**
     * Who of this batch to send: the new and the changed; the unchanged are only marked as seen. Planned against what
     * Roster last sent everyone (read once per run).
     */
    public Signature365Planned plan(@Body MappedPeople batch, @ExchangeProperty(Run.PROPERTY) Run run) {
        Signature365Session session = session(run);
        SeenKeys seen = session.seen();
        SentHashes sent = session.sentHashes(() -> {
            SentHashes loaded = new SentHashes();
            journal.sentHashes(run.job(), Signature365Target.NAME, loaded::put);
            return loaded;
        });
        Signature365Plan plan = planner.plan(batch.people(), sent, seen::contains);
        batch.people().forEach(p -> seen.add(p.key()));
        // noted now, not once sent: a later batch repeating one of them compares with what this one planned, even
        // while it waits in the outbox for a full request
        plan.outgoing().forEach(o -> sent.put(o.key(), o.hash()));
        RunReport report = run.report();
        report.inStep(plan.unchanged()); // their open dead letters are resolved when the run ends well
        report.count(Count.UNCHANGED, plan.unchanged().size());
        List<TargetRejection> rejected = new ArrayList<>();
        for (Person p : plan.repeated()) {
            rejected.add(new TargetRejection("mapping", p.key(), p.email() + " (" + p.rows() + ")",
                    "an earlier row of this read has the same email with other values; the first one was sent",
                    p.fields()));
        }
        return new Signature365Planned(plan.outgoing(), rejected);
    }

    /** The batch's changed people are sent as requests fill ({@link Signature365BatchApply}). */
    public void apply(@Body Signature365Planned planned, @ExchangeProperty(Run.PROPERTY) Run run) {
        writer.apply(planned.outgoing(), run, session(run));
    }

    /** The source is read: the rest is sent, the journal catches up, and the people who vanished are handled. */
    public void finish(@ExchangeProperty(Run.PROPERTY) Run run) {
        writer.finish(run, session(run), () -> runs.removalsWithheld(run.report()));
    }

    /** The run's session, made on first use; however the run ends, its journal catches up with what was sent. */
    Signature365Session session(Run run) {
        return run.session(Signature365Session.class, () -> {
            Signature365Session s = new Signature365Session();
            run.beforeEnd(() -> writer.drain(s));
            return s;
        });
    }
}
