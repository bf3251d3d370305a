package io.roster.targets.sign;

import io.roster.plan.SignAction;
import io.roster.plan.SignGroup;
import io.roster.plan.SignOrgState;
import io.roster.plan.SignPlan;
import io.roster.plan.SignPlanner;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport.Entry;
import io.roster.report.RunReport;
import io.roster.secrets.SecretMask;
import io.roster.state.Change;
import io.roster.state.ChangeJournal;
import io.roster.state.DeadLetters;
import io.roster.state.Letter;
import io.roster.targets.TargetRun;
import io.roster.targets.writeback.EventWriteBack;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Sign's write face: how a plan reaches Sign, batch by batch, so that nothing sent is ever unrecorded.
 * <ol>
 *   <li>The batch is noted as pending in the journal, in one transaction (a run that dies mid-batch leaves these
 *       notes, and the next run checks Sign before repeating any of them).</li>
 *   <li>Its actions are sent in parallel on the bounded writer pool ({@code roster.sign.concurrency}); each is one
 *       unit, retried inside the client (Retry-After, back-off), never sent twice blindly.</li>
 *   <li>An action that fails becomes a dead letter with its reason; the others go on.</li>
 *   <li>What landed is journaled (audit rows, sync state, pending notes cleared) in one transaction, and remembered,
 *       so the next run needs no detail read for it.</li>
 *   <li>The batch is a checkpoint of the run.</li>
 * </ol>
 * A dry run prints each planned change and counts it as it would be, writing nothing.
 */
@ApplicationScoped
public class SignBatchApply {

    private static final Logger LOG = Logger.getLogger("io.roster.sign");

    private final SignAccounts accounts;
    private final SignWriter writer;
    private final ChangeJournal journal;
    private final DeadLetters deadLetters;
    private final EventWriteBack writeBack;
    private final SignUserMemory memory;
    private final ExecutorService pool;

    public SignBatchApply(SignAccounts accounts, SignSettings config, ChangeJournal journal, DeadLetters deadLetters,
                          EventWriteBack writeBack, SignUserMemory memory, @Named("signWriters") ExecutorService pool) {
        this.accounts = accounts;
        this.writer = new SignWriter(config.pageSize());
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.writeBack = writeBack;
        this.memory = memory;
        this.pool = pool;
    }

    /**
     * Creates the groups the plan's rules name but an account lacks (a dry run says it would); returns the actions to
     * apply. A group that cannot be created leaves the actions that need it to fail one by one.
     */
    public List<SignAction> createGroups(SignPlan plan, TargetRun run, SignSession session) {
        plan.groupsToCreate().forEach((org, names) -> {
            for (String name : names) {
                if (run.dryRun()) {
                    LOG.infof("[dry run] %s: would create group '%s'", org, name);
                    run.report().record(new Entry("", org, "create-group", name));
                    continue;
                }
                try {
                    session.org(org).addGroup(writer.createGroup(client(org, run), name));
                    run.report().record(new Entry("", org, "create-group", name));
                } catch (RuntimeException e) {
                    run.report().warn("org " + org + ": could not create Sign group '" + name + "': " + e.getMessage());
                }
            }
        });
        return plan.actions();
    }

    /** Applies one batch of the plan: note, send in parallel, letter the failures, journal, checkpoint. */
    public void apply(List<SignAction> batch, TargetRun run, SignSession session) {
        if (run.dryRun()) {
            print(batch, run.report());
            return;
        }
        run.continueOrStop();
        if (pool.isShutdown()) {
            throw new IllegalStateException("Roster is stopping: the batch is not sent; the next run applies it");
        }
        note(batch, run);
        List<CompletableFuture<Change>> sending = new ArrayList<>(batch.size());
        for (SignAction a : batch) {
            sending.add(CompletableFuture.supplyAsync(() -> send(a, run, session), pool));
        }
        // every action is waited for before anything else, so none is still being sent once the batch is over
        List<Change> landed = new ArrayList<>(batch.size());
        List<Map.Entry<SignAction, Throwable>> failed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                landed.add(sending.get(i).join());
            } catch (RuntimeException e) {
                failed.add(Map.entry(batch.get(i), e.getCause() != null ? e.getCause() : e));
            }
        }
        try {
            failed.forEach(f -> letterOrLog(f.getKey(), f.getValue(), run));
        } finally {
            journal.confirmedAll(run.job(), run.id(), landed);
        }
        remember(landed, session);
        run.checkpoint(batch.size());
    }

    /** A failed action's letter; if the state store cannot take it, the log says so and the next run plans it again. */
    private void letterOrLog(SignAction a, Throwable cause, TargetRun run) {
        try {
            letter(a, cause, run);
        } catch (RuntimeException e) {
            LOG.errorf("job %s run %s: the failed %s of %s could not be kept as a dead letter (%s); the next run plans"
                    + " it again", run.job(), run.id(), a.reportName(), a.email(),
                    SecretMask.apply(String.valueOf(e.getMessage())));
        }
    }

    /** Every action of the batch noted as pending, in one transaction; what is remembered of its users is forgotten. */
    private void note(List<SignAction> batch, TargetRun run) {
        journal.sendingAll(run.job(), run.id(), batch.stream().map(a -> new Change(a.target(), a.key(), a.reportName(),
                a.userId(), a.before(), a.after())).toList());
        Map<String, List<String>> changing = new HashMap<>();
        batch.stream().filter(a -> a.userId() != null)
                .forEach(a -> changing.computeIfAbsent(a.org(), o -> new ArrayList<>()).add(a.userId()));
        changing.forEach(memory::forget);
    }

    /** One action, on a writer thread: sent, written back, counted; what landed goes to the batch's journal entry. */
    private Change send(SignAction action, TargetRun run, SignSession session) {
        String id = writer.apply(action, client(action.org(), run), session.org(action.org()));
        Change change = new Change(action.target(), action.key(), action.reportName(), id, action.before(), action.after());
        writeBack.send(run.report(), change);
        counted(action, run.report());
        return change;
    }

    /** An action that failed: a dead letter with its reason; a Sign account that is down fails the run as a whole. */
    private void letter(SignAction a, Throwable cause, TargetRun run) {
        RunReport report = run.report();
        String reason = String.valueOf(cause.getMessage());
        report.failed(a.key(), a.email(), a.org(), a.reportName(), reason);
        if (cause instanceof CircuitOpenException && report.error() == null) {
            // The account is down: the run fails as a whole; its records wait as letters for the next run.
            report.error("Sign account " + a.org() + " is unavailable (" + reason + "); changes not applied are kept"
                    + " as dead letters and retried by the next run");
        }
        if (a.kind() == SignAction.Kind.CREATE && cause instanceof SignApiException e && e.refused()) {
            journal.failed(run.job(), a.target(), a.key());
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("email", a.email());
        data.put("org", a.org());
        data.put("action", a.reportName());
        data.put("detail", a.detail());
        data.put("source", a.source());
        a.profile().forEach(data::put);
        deadLetters.put(report, new Letter(a.target(), a.key(), a.email() + " in Sign account " + a.org(), reason, data));
    }

    /** What Roster wrote is what Sign now holds: its status and primary group need no detail read next run. */
    private void remember(List<Change> landed, SignSession session) {
        Map<String, List<SignUserFact>> byOrg = new HashMap<>();
        Instant now = Instant.now();
        for (Change c : landed) {
            String org = c.target().startsWith("sign:") ? c.target().substring(5) : null;
            SignOrgState state = org == null ? null : session.org(org);
            String status = c.after().get(SignPlanner.STATUS);
            if (state == null || c.targetId() == null || status == null) {
                continue;
            }
            SignGroup group = state.group(c.after().get(SignPlanner.GROUP));
            byOrg.computeIfAbsent(org, o -> new ArrayList<>())
                    .add(new SignUserFact(c.targetId(), status, group == null ? null : group.id(), now));
        }
        byOrg.forEach(memory::save);
    }

    /** A dry run's output: every planned change, counted as it would be, and nothing written. */
    private static void print(List<SignAction> batch, RunReport report) {
        for (SignAction a : batch) {
            LOG.infof("[dry run] %s: would %s %s: %s", a.org(), a.reportName().replace('_', ' '), a.email(), a.detail());
            counted(a, report);
        }
    }

    private static void counted(SignAction a, RunReport report) {
        report.applied(counterOf(a.kind()), a.key(), new Entry(a.email(), a.org(), a.reportName(), a.detail()));
    }

    static Count counterOf(SignAction.Kind kind) {
        return switch (kind) {
            case CREATE -> Count.CREATED;
            case UPDATE -> Count.UPDATED;
            case REACTIVATE -> Count.REACTIVATED;
            case DEACTIVATE -> Count.DEACTIVATED;
            case RESET, REMOVE_GROUPS, REMOVE_ROLES -> Count.RESET;
        };
    }

    /** The account's client, counting each request it sends as this run's. */
    private SignClient client(String org, TargetRun run) {
        return accounts.client(org).countingAlso(run.requests());
    }
}
