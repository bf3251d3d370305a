package io.roster.steps;

import io.roster.config.JobConfigException;
import io.roster.plan.SignPlan;
import io.roster.plan.SignRestore;
import io.roster.state.ChangeJournal;
import io.roster.state.RunHistory;
import io.roster.state.RunRecord;
import io.roster.targets.sign.SignAccountsState;
import io.roster.targets.sign.SignSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Undoing a run ({@code roster undo RUN_ID}): a run of the same job that reads Sign, plans from the audit log's
 * before-values what puts back each change the run made ({@link SignRestore}), and applies it as any run does — noted,
 * sent, journaled, audited. What cannot be put back is listed as the run's warnings.
 */
@ApplicationScoped
@Named("undo")
public class UndoSteps {

    /** The header that names the run to undo. */
    public static final String RUN_HEADER = "RosterUndoRun";

    private final Runs runs;
    private final RunHistory history;
    private final ChangeJournal journal;

    public UndoSteps(Runs runs, RunHistory history, ChangeJournal journal) {
        this.runs = runs;
        this.history = history;
        this.journal = journal;
    }

    /** Opens a run of the undone run's job; a run that is unknown, a dry run, or not of a Sign job cannot be undone. */
    public void begin(Exchange exchange) {
        String runId = exchange.getIn().getHeader(RUN_HEADER, String.class);
        RunRecord undone = history.get(runId).orElseThrow(() -> new JobConfigException("there is no run " + runId
                + " to undo (see GET /roster/runs)"));
        if (undone.dryRun()) {
            throw new JobConfigException("run " + runId + " was a dry run: it changed nothing to undo");
        }
        exchange.getIn().setHeader(Runs.STARTED_BY_HEADER, "undo of run " + runId);
        runs.begin(undone.job(), exchange);
        Run run = exchange.getProperty(Run.PROPERTY, Run.class);
        if (run.spec().signature365() != null) {
            throw new JobConfigException("job " + undone.job() + " writes to Signature 365: undoing its runs is not"
                    + " supported yet (only Sign jobs' runs can be undone)");
        }
    }

    /** What puts back each change the run made in Sign, against what the accounts hold now. */
    public SignPlan plan(@Body SignAccountsState accounts, @Header(RUN_HEADER) String runId,
                         @ExchangeProperty(Run.PROPERTY) Run run) {
        run.session(SignSession.class, SignSession::new).state(accounts);
        List<SignRestore.Audited> audited = new ArrayList<>();
        for (Map<String, Object> row : journal.audit(runId)) {
            String target = String.valueOf(row.get("target"));
            if (target.startsWith("sign:")) {
                @SuppressWarnings("unchecked")
                Map<String, String> before = (Map<String, String>) row.get("before");
                audited.add(new SignRestore.Audited(target.substring(5), String.valueOf(row.get("person")),
                        String.valueOf(row.get("action")), before == null ? Map.of() : before));
            }
        }
        SignRestore.Restore restore = SignRestore.plan(runId, audited, accounts.orgs());
        restore.notRestored().forEach(w -> run.report().warn("not restored: " + w));
        run.planned(restore.actions().size());
        return new SignPlan(restore.actions(), restore.groupsToCreate(), 0, List.of(), List.of(), Set.of());
    }
}
