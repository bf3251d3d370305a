package io.roster.targets.sign;

import io.roster.plan.History;
import io.roster.plan.LastWrites;
import io.roster.plan.OrgPolicy;
import io.roster.plan.SignAction;
import io.roster.plan.SignPlan;
import io.roster.plan.SignPlanner;
import io.roster.plan.UserManagementRule;
import io.roster.run.RosterConfig;
import io.roster.run.Runs;
import io.roster.run.SyncRun;
import io.roster.state.Change;
import io.roster.state.ChangeJournal;
import io.roster.state.StateStore;
import io.roster.targets.writeback.EventWriteBack;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The Sign face of a job route: read the accounts' state, plan, create missing groups, apply one action.
 * Route steps call these as {@code sign?method=…}; the work itself lives in the reader, planner and writer.
 */
@ApplicationScoped
@Named("sign")
public class SignSyncSteps {

    private static final Logger LOG = Logger.getLogger("io.roster.sign");

    private final SignAccounts accounts;
    private final SignStateReader reader;
    private final SignWriter writer;
    private final SignPlanner planner = new SignPlanner();
    private final ChangeJournal journal;
    private final Runs runs;
    private final EventWriteBack writeBack;

    private final SignUserMemory memory;
    private final Duration recheckWindow;

    public SignSyncSteps(SignAccounts accounts, RosterConfig config, ChangeJournal journal, Runs runs,
                         EventWriteBack writeBack, @Named("signWriters") ExecutorService signWriters, StateStore state) {
        this.memory = new SignUserMemory(state);
        this.recheckWindow = config.sign().recheckWindow();
        this.writeBack = writeBack;
        this.accounts = accounts;
        this.journal = journal;
        this.runs = runs;
        // reading comes before writing, so the writers' threads read the accounts' group member lists
        this.reader = new SignStateReader(config.sign().pageSize(), signWriters);
        this.writer = new SignWriter(config.sign().pageSize());
    }

    /** Reads every account the job's rules address (and the primary). Any failure stops the run before planning. */
    public void readState(@ExchangeProperty("run") SyncRun run) {
        Set<String> orgs = new LinkedHashSet<>();
        orgs.add(UserManagementRule.PRIMARY);
        run.spec().sign().rules().forEach(r -> orgs.add(r.org()));
        Map<String, SignOrgState> states = new LinkedHashMap<>();
        for (String org : orgs) {
            accounts.settings(org);
            if (!accounts.connected(org) && run.dryRun()) {
                run.warn("org " + org + " has no integration key: the dry run plans against an empty account");
                states.put(org, SignOrgState.empty(org));
                continue;
            }
            // what is remembered of the account's users is loaded from the state store while its lists are paged
            CompletableFuture<Map<String, SignUserFact>> known = CompletableFuture.supplyAsync(() -> memory.load(org));
            SignStateReader.Read read = reader.read(client(org, run), known, Instant.now(), recheckWindow);
            states.put(org, read.state());
            if (!run.dryRun()) {
                memory.save(org, read.learned());
            }
            if (!read.drifted().isEmpty()) {
                List<String> shown = read.drifted().subList(0, Math.min(20, read.drifted().size()));
                run.warn("org " + org + ": " + read.drifted().size() + " Sign users were changed in Sign since Roster last"
                        + " saw them (the rules decide what happens to each): " + String.join("; ", shown)
                        + (read.drifted().size() > shown.size() ? "; …" : ""));
            }
            LOG.debugf("org %s: %d users, %d read in detail", org, read.state().users().size(), read.detailsRead());
        }
        run.signStates(states);
        if (!run.dryRun()) {
            checkUnconfirmedWrites(run, states);
        }
    }

    /**
     * Changes an earlier run sent but never saw confirmed (it was killed, or the call failed) may have happened: the
     * state just read tells. What landed is audited now, so the log holds every change even across a crash, and the
     * plan sees it as done; what did not is planned again like any other difference.
     */
    private void checkUnconfirmedWrites(SyncRun run, Map<String, SignOrgState> states) {
        journal.unconfirmed(run.job(), run.id()).forEach((target, changes) -> {
            String org = target.startsWith("sign:") ? target.substring(5) : null;
            SignOrgState state = org == null ? null : states.get(org);
            if (state == null) {
                return;
            }
            int landed = 0;
            Set<String> keys = new LinkedHashSet<>();
            for (Change intended : changes) {
                keys.add(intended.key());
                Change reached = landedPart(intended, state.user(intended.key()));
                if (reached != null) {
                    landed++;
                    journal.applied(run.job(), run.id(), reached);
                }
            }
            run.warn("org " + org + ": " + changes.size() + " changes of an earlier run were never confirmed; checked in"
                    + " Sign: " + landed + " had landed and are audited, " + (changes.size() - landed)
                    + " had not and are planned again");
            journal.forget(run.job(), target, keys);
        });
    }

    /** A create landed if the user exists; any other change as far as Sign now shows its intended values. */
    private static Change landedPart(Change intended, SignUser now) {
        if (now == null) {
            return null;
        }
        if (intended.action().equals(SignAction.Kind.CREATE.name().toLowerCase(Locale.ROOT))) {
            return new Change(intended.target(), intended.key(), intended.action(), now.id(), Map.of(),
                    SignPlanner.snapshot(now));
        }
        return intended.landed(now.id(), SignPlanner.snapshot(now));
    }

    public SignPlan plan(@ExchangeProperty("run") SyncRun run) {
        Map<String, OrgPolicy> policies = new LinkedHashMap<>();
        Map<String, LastWrites> lastWrites = new LinkedHashMap<>();
        for (String org : run.signStates().keySet()) {
            policies.put(org, accounts.policy(org));
            lastWrites.put(org, new JournaledLastWrites(journal, run.job(), "sign:" + org));
        }
        History history = new History(run.spec().conflicts(), lastWrites, runs.removalsWithheld(run),
                run.changesOnly() != null);
        SignPlan plan = planner.plan(run.people(), run.signStates(), run.spec().sign(), policies, history);
        run.signPlan(plan);
        Set<String> acting = new HashSet<>();
        plan.actions().forEach(a -> acting.add(a.key()));
        run.inStep(run.people().people().stream().map(p -> p.key()).filter(k -> !acting.contains(k)).toList());
        run.count(SyncRun.Count.UNCHANGED, plan.unchanged());
        run.count(SyncRun.Count.SKIPPED, plan.skipped().size());
        plan.skipped().forEach(s -> run.record(new SyncRun.Entry(s.email(), s.org(), "skipped", s.reason())));
        plan.warnings().forEach(run::warn);
        return plan;
    }

    /** Creates the groups rules name but an account lacks; a failure leaves the actions that need it to fail one by one. */
    public void createGroups(@ExchangeProperty("run") SyncRun run) {
        run.signPlan().groupsToCreate().forEach((org, names) -> {
            SignOrgState state = run.signStates().get(org);
            for (String name : names) {
                try {
                    state.addGroup(writer.createGroup(client(org, run), name));
                    run.record(new SyncRun.Entry("", org, "create-group", name));
                } catch (RuntimeException e) {
                    run.warn("org " + org + ": could not create Sign group '" + name + "': " + e.getMessage());
                }
            }
        });
    }

    /**
     * Before a batch is sent: every action of it is noted as pending, in one transaction. A run that dies mid-batch
     * leaves these notes, and the next run checks the target before repeating any of them.
     */
    public void noteBatch(@Body List<SignAction> batch, @ExchangeProperty("run") SyncRun run) {
        run.continueOrStop();
        journal.sendingAll(run.job(), run.id(), batch.stream().map(a -> new Change(a.target(), a.key(), a.reportName(),
                a.userId(), a.before(), a.after())).toList());
        if (!run.dryRun()) {
            Map<String, List<String>> changing = new HashMap<>();
            batch.stream().filter(a -> a.userId() != null)
                    .forEach(a -> changing.computeIfAbsent(a.org(), o -> new ArrayList<>()).add(a.userId()));
            changing.forEach(memory::forget);
        }
    }

    /** Applies one action (in parallel with its batch); what landed is journaled by {@link #journalBatch}. */
    public void apply(@Body SignAction action, @ExchangeProperty("run") SyncRun run) {
        String id = writer.apply(action, client(action.org(), run), run.signStates().get(action.org()));
        Change change = new Change(action.target(), action.key(), action.reportName(), id, action.before(), action.after());
        run.confirmed(change);
        writeBack.send(run, change);
        run.applied(action);
    }

    /** The account's client, counting each request it sends as this run's. */
    private SignClient client(String org, SyncRun run) {
        return accounts.client(org).countingAlso(run.requestCounter());
    }

    /** After a batch: what landed is audited, with each person's sync state, and its pending notes cleared, at once. */
    public void journalBatch(@ExchangeProperty("run") SyncRun run) {
        List<Change> landed = run.takeConfirmed();
        journal.confirmedAll(run.job(), run.id(), landed);
        rememberWritten(run, landed);
    }

    /** What Roster wrote is what Sign now holds: its status and primary group need no detail read next run. */
    private void rememberWritten(SyncRun run, List<Change> landed) {
        Map<String, List<SignUserFact>> byOrg = new HashMap<>();
        Instant now = Instant.now();
        for (Change c : landed) {
            String org = c.target().startsWith("sign:") ? c.target().substring(5) : null;
            SignOrgState state = org == null ? null : run.signStates().get(org);
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
    public void printPlan(@ExchangeProperty("run") SyncRun run) {
        SignPlan plan = run.signPlan();
        plan.groupsToCreate().forEach((org, names) -> names.forEach(n -> {
            LOG.infof("[dry run] %s: would create group '%s'", org, n);
            run.record(new SyncRun.Entry("", org, "create-group", n));
        }));
        for (SignAction a : plan.actions()) {
            LOG.infof("[dry run] %s: would %s %s: %s", a.org(), a.reportName().replace('_', ' '), a.email(), a.detail());
            run.applied(a);
        }
    }
}
