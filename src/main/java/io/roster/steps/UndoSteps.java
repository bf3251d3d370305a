package io.roster.steps;

import io.roster.config.JobConfigException;
import io.roster.plan.EntraPlanner;
import io.roster.plan.EntraRestore;
import io.roster.plan.EntraUser;
import io.roster.plan.SignPlan;
import io.roster.plan.SignRestore;
import io.roster.plan.Signature365Restore;
import io.roster.state.ChangeJournal;
import io.roster.state.RunHistory;
import io.roster.state.RunRecord;
import io.roster.state.SourceVersions;
import io.roster.state.SourceWatermarks;
import io.roster.targets.entra.EntraAttributes;
import io.roster.targets.entra.EntraBatchApply;
import io.roster.targets.entra.EntraSession;
import io.roster.targets.entra.EntraTarget;
import io.roster.targets.entra.EntraUnconfirmedWrites;
import io.roster.targets.entra.EntraUsers;
import io.roster.targets.sign.SignAccountsState;
import io.roster.targets.sign.SignSession;
import io.roster.targets.signature365.Signature365BatchApply;
import io.roster.targets.signature365.Signature365Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Undoing a run ({@code roster undo RUN_ID}): a run of the same job that plans from the audit log's before-values what
 * puts back each change the run made — in Sign against what the accounts hold now ({@link SignRestore}), in Signature
 * 365 against what Roster last sent ({@link Signature365Restore}) — and applies it as any run does: noted, sent,
 * journaled, audited. What cannot be put back is listed as the run's warnings.
 */
@ApplicationScoped
@Named("undo")
public class UndoSteps {

    /** The header that names the run to undo. */
    public static final String RUN_HEADER = "RosterUndoRun";

    private final Runs runs;
    private final RunHistory history;
    private final ChangeJournal journal;
    private final Signature365BatchApply signature365;
    private final Signature365Steps signature365Steps;
    private final SourceVersions versions;
    private final SourceWatermarks watermarks;
    private final EntraBatchApply entra;
    private final EntraTarget entraTarget;
    private final EntraUsers entraUsers;
    private final EntraUnconfirmedWrites entraUnconfirmed;

    public UndoSteps(Runs runs, RunHistory history, ChangeJournal journal, Signature365BatchApply signature365,
                     Signature365Steps signature365Steps, SourceVersions versions, SourceWatermarks watermarks,
                     EntraBatchApply entra, EntraTarget entraTarget, EntraUsers entraUsers,
                     EntraUnconfirmedWrites entraUnconfirmed) {
        this.entraUnconfirmed = entraUnconfirmed;
        this.entra = entra;
        this.entraTarget = entraTarget;
        this.entraUsers = entraUsers;
        this.versions = versions;
        this.watermarks = watermarks;
        this.runs = runs;
        this.history = history;
        this.journal = journal;
        this.signature365 = signature365;
        this.signature365Steps = signature365Steps;
    }

    /**
     * Opens a run of the undone run's job; a run that is unknown or a dry run cannot be undone. The body becomes the
     * target the job writes to ("sign", "signature365" or "entra"), which names the route that undoes it.
     */
    public String begin(Exchange exchange) {
        String runId = exchange.getIn().getHeader(RUN_HEADER, String.class);
        RunRecord undone = history.get(runId).orElseThrow(() -> new JobConfigException("there is no run " + runId
                + " to undo (see GET /roster/runs)"));
        if (undone.dryRun()) {
            throw new JobConfigException("run " + runId + " was a dry run: it changed nothing to undo");
        }
        exchange.getIn().setHeader(Runs.STARTED_BY_HEADER, "undo of run " + runId);
        runs.begin(undone.job(), exchange);
        Run run = exchange.getProperty(Run.PROPERTY, Run.class);
        if (!run.dryRun()) {
            // the target will no longer show what the source's last version or watermark synced: the job's next run
            // reads the source whole again and sends what it still says
            versions.forget(undone.job());
            watermarks.forget(undone.job());
        }
        if (journal.audit(runId).stream().anyMatch(a -> EntraTarget.NAME.equals(a.get("target")))) {
            return "entra";
        }
        return run.spec().signature365() != null ? "signature365" : "sign";
    }

    /** Writes back to Entra ID what each user the run changed held before, against what it holds now. */
    public void restoreEntra(@Header(RUN_HEADER) String runId, @ExchangeProperty(Run.PROPERTY) Run run) {
        List<EntraRestore.Audited> audited = new ArrayList<>();
        for (Map<String, Object> row : journal.audit(runId)) {
            if (EntraTarget.NAME.equals(row.get("target"))) {
                audited.add(new EntraRestore.Audited(String.valueOf(row.get("person")), String.valueOf(row.get("action")),
                        values(row.get("before")), values(row.get("after"))));
            }
        }
        Map<String, String> userIds = new HashMap<>();
        journal.states(run.job(), EntraTarget.NAME, audited.stream().map(EntraRestore.Audited::key).distinct().toList())
                .forEach((key, state) -> userIds.put(key, state.targetId()));
        Map<String, EntraUser> users = new HashMap<>();
        List<EntraUser> read = entraUsers.read(entraTarget.client().countingAlso(run.requests()), entraTarget.tenant(),
                EntraAttributes.select(run.spec()));
        read.forEach(u -> users.put(u.id(), u));
        entraUnconfirmed.check(run, EntraPlanner.index(read, run.spec().entra())); // a killed run's writes first
        EntraRestore.Restore restore = EntraRestore.plan(runId, audited, userIds, users, run.spec().entra(),
                run.spec().mapping().fields().keySet());
        restore.notRestored().forEach(w -> run.report().warn("not restored: " + w));
        entra.restore(restore.changes(), run, run.session(EntraSession.class, EntraSession::new));
    }

    /** Sends Signature 365 what puts back each person the run wrote, from the audit log's before-values. */
    public void restoreSignature365(@Header(RUN_HEADER) String runId, @ExchangeProperty(Run.PROPERTY) Run run) {
        List<Signature365Restore.Audited> audited = new ArrayList<>();
        for (Map<String, Object> row : journal.audit(runId)) {
            if (Signature365Target.NAME.equals(row.get("target"))) {
                audited.add(new Signature365Restore.Audited(String.valueOf(row.get("person")),
                        String.valueOf(row.get("action")), values(row.get("before")), values(row.get("after"))));
            }
        }
        Map<String, Map<String, String>> written = journal.written(run.job(), Signature365Target.NAME,
                audited.stream().map(Signature365Restore.Audited::key).distinct().toList());
        Signature365Restore.Restore restore = Signature365Restore.plan(runId, audited, written);
        restore.notRestored().forEach(w -> run.report().warn("not restored: " + w));
        signature365.restore(restore.restores(), restore.clears(), run, signature365Steps.session(run));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> values(Object v) {
        return v == null ? Map.of() : (Map<String, String>) v;
    }

    /** What puts back each change the run made in Sign, against what the accounts hold now. */
    public SignPlan plan(@Body SignAccountsState accounts, @Header(RUN_HEADER) String runId,
                         @ExchangeProperty(Run.PROPERTY) Run run) {
        run.session(SignSession.class, SignSession::new).state(accounts);
        List<SignRestore.Audited> audited = new ArrayList<>();
        for (Map<String, Object> row : journal.audit(runId)) {
            String target = String.valueOf(row.get("target"));
            if (target.startsWith("sign:")) {
                audited.add(new SignRestore.Audited(target.substring(5), String.valueOf(row.get("person")),
                        String.valueOf(row.get("action")), values(row.get("before")), values(row.get("after"))));
            }
        }
        SignRestore.Restore restore = SignRestore.plan(runId, audited, accounts.orgs());
        restore.notRestored().forEach(w -> run.report().warn("not restored: " + w));
        run.planned(restore.actions().size());
        return new SignPlan(restore.actions(), restore.groupsToCreate(), 0, List.of(), List.of(), Set.of());
    }
}
