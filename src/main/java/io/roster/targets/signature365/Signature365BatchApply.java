package io.roster.targets.signature365;

import io.roster.mapping.MappingSpec;
import io.roster.plan.HoldRules;
import io.roster.plan.Signature365Planner.Outgoing;
import io.roster.plan.Signature365Planner.Vanished;
import io.roster.plan.Signature365Planner;
import io.roster.plan.Signature365Rules;
import io.roster.plan.Signature365Upsert;
import io.roster.report.RunReport.Count;
import io.roster.report.RunReport.Entry;
import io.roster.report.RunReport;
import io.roster.secrets.SecretMask;
import io.roster.state.Change;
import io.roster.state.ChangeJournal;
import io.roster.state.DeadLetters;
import io.roster.state.HeldActions;
import io.roster.state.Json;
import io.roster.state.Letter;
import io.roster.state.PersonState;
import io.roster.state.StoredValues;
import io.roster.state.TargetRejection;
import io.roster.targets.HeldChanges;
import io.roster.targets.JournalBehind;
import io.roster.targets.StoredPlans;
import io.roster.targets.TargetRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Signature 365's write face: how changed people reach Signature 365 so that nothing sent is ever unrecorded.
 * <ol>
 *   <li>The changed people of each source batch join the run's outbox; each request it fills is sent at once
 *       (source batches with few changes share requests).</li>
 *   <li>A request goes as one call, retried inside the client (Retry-After, back-off). Users Signature 365 refuses one
 *       by one become dead letters; a request that fails as a whole (service down, secret refused) makes every user in
 *       it a dead letter, and a refused secret or an open circuit fails the run, so later requests are kept, not sent.</li>
 *   <li>What landed is journaled (audit rows, sync state) in one transaction, then the request is a checkpoint of the
 *       run. Journaling happens behind the sends, one request at a time and in order, at most
 *       {@link JournalBehind#BEHIND} behind; if the state store fails, the request's users become dead
 *       letters and are sent again next run.</li>
 *   <li>Once the source is read: the rest of the outbox is sent, the journal catches up, and the people who vanished
 *       are handled as the removals policy says ({@link Signature365Planner#vanished}); the journal catches up again.
 *       A run that ends any other way waits for its journal too ({@link #drain}).</li>
 * </ol>
 */
@ApplicationScoped
public class Signature365BatchApply {

    private static final Logger LOG = Logger.getLogger("io.roster.signature365");
    private static final String TARGET = Signature365Target.NAME;

    private final Signature365Target target;
    private final ChangeJournal journal;
    private final DeadLetters deadLetters;
    private final ExecutorService journalThread;
    private final HeldChanges held;
    private final StoredPlans plans;
    private final Signature365Planner planner = new Signature365Planner();

    public Signature365BatchApply(Signature365Target target, ChangeJournal journal, DeadLetters deadLetters,
                                  @Named("signature365Journal") ExecutorService journalThread, HeldChanges held,
                                  StoredPlans plans) {
        this.plans = plans;
        this.held = held;
        this.target = target;
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.journalThread = journalThread;
    }

    /** A planned source batch: its changed people join the outbox, and each request it fills is sent. */
    public void apply(List<Outgoing> changed, TargetRun run, Signature365Session session) {
        if (run.dryRun()) {
            print(changed, run, session);
            run.checkpoint(changed.size());
            return;
        }
        if (session.plan().plan() != null) {
            // roster apply: the plan's changes wait until the whole source shows whether the plan still stands
            upserts(run, changed).stream().filter(u -> session.plan().plannedNow(Signature365Plans.fingerprint(u, false)))
                    .forEach(session.plan()::apply);
            return;
        }
        send(requests(run, session.outbox().add(changed, requestSize())), run, session);
    }

    /**
     * The source is read: whoever still waits in the outbox goes in one last request; then the people who vanished
     * are handled, once every request sent is journaled.
     */
    public void finish(TargetRun run, Signature365Session session, Supplier<Optional<String>> removalsWithheld) {
        run.report().sourceComplete();
        if (run.dryRun()) {
            printClears(vanished(run, session, removalsWithheld), run, session);
            if (run.storePlan()) {
                plans.keep(run, session.plan().planned());
            }
            return;
        }
        if (session.plan().plan() != null) {
            applyPlan(vanished(run, session, removalsWithheld), run, session);
            return;
        }
        send(requests(run, session.outbox().rest()), run, session);
        drain(session);
        send(chunks(vanished(run, session, removalsWithheld), true), run, session);
        drain(session);
    }

    /**
     * roster apply, once the source is read: the plan's changes that are still exactly as planned are sent; the
     * rest are left out and reported, or the plan is refused before anything is sent ({@link StoredPlans#narrow}).
     */
    private void applyPlan(List<Signature365Upsert> clears, TargetRun run, Signature365Session session) {
        Map<String, Signature365Upsert> sends = new LinkedHashMap<>();
        session.plan().applying().forEach(u -> sends.put(Signature365Plans.fingerprint(u, false), u));
        Map<String, Signature365Upsert> clearing = new LinkedHashMap<>();
        clears.forEach(u -> clearing.put(Signature365Plans.fingerprint(u, true), u));
        // the plan's sends and clearings planned now (those a hold keeps waiting too)
        Set<String> go = plans.narrow(session.plan().plan(), session.plan().plannedNow(), run);
        send(chunks(sends.entrySet().stream().filter(e -> go.contains(e.getKey())).map(Map.Entry::getValue).toList(),
                false), run, session);
        send(chunks(clearing.entrySet().stream().filter(e -> go.contains(e.getKey())).map(Map.Entry::getValue)
                .toList(), true), run, session);
        drain(session);
    }

    /**
     * Sends what undoes a run ({@link io.roster.plan.Signature365Restore}) in requests as full as the service takes,
     * journaled as any request, and waits for the journal. A dry run prints them.
     */
    public void restore(List<Signature365Upsert> restores, List<Signature365Upsert> clears, TargetRun run,
                        Signature365Session session) {
        if (run.dryRun()) {
            RunReport report = run.report();
            for (Signature365Upsert u : restores) {
                LOG.infof("[dry run] signature365: would restore %s: %s", u.email(), new TreeMap<>(u.fields()));
                report.count(Count.UPDATED, 1);
                report.record(new Entry(u.email(), TARGET, "update", u.rows()));
            }
            for (Signature365Upsert u : clears) {
                LOG.infof("[dry run] signature365: would clear %s (first sent by the run undone)", u.email());
                report.count(Count.VANISHED, 1);
                report.record(new Entry(u.email(), TARGET, "clear", u.rows()));
            }
            return;
        }
        send(chunks(restores, false), run, session);
        send(chunks(clears, true), run, session);
        drain(session);
    }

    private List<Signature365Batch> chunks(List<Signature365Upsert> upserts, boolean clearing) {
        List<Signature365Batch> out = new ArrayList<>();
        int size = requestSize();
        for (int i = 0; i < upserts.size(); i += size) {
            out.add(new Signature365Batch(upserts.subList(i, Math.min(upserts.size(), i + size)), clearing));
        }
        return out;
    }

    /** Waits until every request sent is journaled (and checkpointed, or lettered); see {@link JournalBehind#drain}. */
    public void drain(Signature365Session session) {
        session.journal().drain();
    }

    private void send(List<Signature365Batch> requests, TargetRun run, Signature365Session session) {
        for (Signature365Batch batch : requests) {
            if (batch.upserts().isEmpty()) {
                continue;
            }
            Sent sent;
            try {
                sent = sendOne(batch, run);
            } catch (RuntimeException e) {
                lettersOrLog(batch, e, run);
                continue;
            }
            session.journal().write(() -> {
                try {
                    journal(batch, sent, run);
                    run.checkpoint(batch.changes());
                } catch (RuntimeException e) {
                    lettersOrLog(batch, e, run);
                }
            }, journalThread);
        }
    }

    /**
     * What a request brought back.
     *
     * @param landed the changes Signature 365 took, as the journal records them
     * @param known  their keys that already have a sync-state row
     */
    private record Sent(List<Change> landed, Set<String> known) {
    }

    /** One request: sent; whom Signature 365 refused is lettered; what landed is returned for the journal. */
    private Sent sendOne(Signature365Batch batch, TargetRun run) {
        RunReport report = run.report();
        if (report.error() != null) {
            // The secret was refused or the service is down: later batches are kept, not sent.
            throw new Signature365Exception("not sent: " + report.error(), 0);
        }
        List<Signature365Client.Result> results = target.client().countingAlso(run.requests()).upsert(batch.upserts());
        List<Change> landed = new ArrayList<>();
        List<TargetRejection> refused = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (int i = 0; i < results.size(); i++) {
            Signature365Upsert u = batch.upserts().get(i);
            Signature365Client.Result r = results.get(i);
            if (r.failed()) {
                refused.add(new TargetRejection(TARGET, u.key(), u.email() + " (" + u.rows() + ")",
                        "Signature 365 refused it: " + (r.error() == null ? "no reason given" : r.error()), u.fields()));
                continue;
            }
            if (u.known()) {
                known.add(u.key());
            }
            String action = batch.clearing() ? "clear" : "created".equals(r.status()) ? "create" : "update";
            landed.add(new Change(TARGET, u.key(), action, null, u.before(), u.fields(), u.stored()));
            Count count = batch.clearing() ? Count.VANISHED
                    : "created".equals(r.status()) ? Count.CREATED
                    : "unchanged".equals(r.status()) ? Count.UNCHANGED : Count.UPDATED;
            report.count(count, 1);
            if (batch.clearing()) {
                report.record(new Entry(u.email(), TARGET, "clear", u.rows() + ": mapped fields emptied"));
            }
        }
        for (TargetRejection t : refused) {
            report.failed(t.key(), t.key(), null, t.step(), t.reason());
            deadLetters.put(report, new Letter(t.step(), t.key(), t.record(), t.reason(), t.data()));
        }
        return new Sent(landed, known);
    }

    /**
     * Records what a sent request changed, in one transaction: the audit rows and each person's sync state (or, for a
     * clearing request, forgets them). The people in it are then in step: open dead letters of theirs are resolved.
     */
    private void journal(Signature365Batch batch, Sent sent, TargetRun run) {
        if (sent.landed().isEmpty()) {
            return;
        }
        if (batch.clearing()) {
            journal.forgotten(run.job(), run.id(), sent.landed());
        } else {
            journal.appliedAll(run.job(), run.id(), sent.landed(), sent.known());
            run.report().inStep(sent.landed().stream().map(Change::key).toList());
        }
    }

    /**
     * Letters a request that failed as a whole; if even that fails (the state store is down), says so in the log and
     * goes on: its users were not journaled, so the next run sends them again.
     */
    private void lettersOrLog(Signature365Batch batch, RuntimeException failure, TargetRun run) {
        try {
            lettersFor(batch, failure, run);
        } catch (RuntimeException e) {
            LOG.errorf("job %s run %s: %d users could not be kept as dead letters (%s); they are sent again next run",
                    run.job(), run.id(), batch.changes(), SecretMask.apply(String.valueOf(e.getMessage())));
        }
    }

    /** A request that failed as a whole: every user in it becomes a letter of their own. */
    private void lettersFor(Signature365Batch batch, RuntimeException failure, TargetRun run) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        RunReport report = run.report();
        String reason = String.valueOf(cause.getMessage());
        if (cause instanceof Signature365Exception e && report.error() == null
                && (e.authRefused() || e instanceof Signature365UnavailableException u && u.circuitOpen())) {
            report.error("Signature 365 cannot be written to (" + reason + "); changes not sent are kept as dead"
                    + " letters and retried by the next run");
        }
        List<Letter> letters = new ArrayList<>();
        for (Signature365Upsert u : batch.upserts()) {
            report.failed(u.key(), u.email(), null, TARGET, reason);
            letters.add(new Letter(TARGET, u.key(), u.email() + " (" + u.rows() + ")", reason, u.fields()));
        }
        deadLetters.putAll(report, letters, reason);
    }

    /**
     * People Roster sent before whom this complete read did not have. Always reported; with {@code vanished: clear},
     * returned as the clearings that empty their mapped fields; never when the removals policy withholds removals.
     */
    private List<Signature365Upsert> vanished(TargetRun run, Signature365Session session,
                                             Supplier<Optional<String>> removalsWithheld) {
        RunReport report = run.report();
        List<PersonState> gone = report.changesOnly() != null ? List.of()
                : journal.notSeen(run.job(), TARGET, session.seen()::contains);
        Signature365Rules rules = Optional.ofNullable(run.spec().signature365()).orElse(Signature365Rules.parse(null));
        Vanished decision = Signature365Planner.vanished(gone.size(), report.changesOnly() != null, removalsWithheld, rules);
        if (decision instanceof Vanished.Held held) {
            report.heldBack(held.why());
            return List.of();
        }
        if (decision instanceof Vanished.Report) {
            report.count(Count.VANISHED, gone.size());
            gone.forEach(p -> report.record(new Entry(p.key(), TARGET, "vanished",
                    "no longer in the source; left as last sent (signature365.vanished: report)")));
            report.warn(gone.size() + " people Roster sent before are no longer in the source; they are left as they are"
                    + " (signature365.vanished: report)");
            return List.of();
        }
        if (!(decision instanceof Vanished.Clear)) {
            return List.of();
        }
        Map<String, String> empty = new LinkedHashMap<>();
        run.spec().mapping().fields().keySet().stream().filter(f -> !f.equals(MappingSpec.EMAIL))
                .forEach(f -> empty.put(f, ""));
        HoldRules holds = run.spec().holds();
        HeldChanges.Described<PersonState> described = clearing(empty);
        held.settle(run, TARGET, () -> {
            Set<String> clearing = new HashSet<>();
            gone.forEach(p -> clearing.add(described.fingerprint(p)));
            return clearing;
        });
        List<PersonState> planned = gone;
        if (session.plan().plan() != null) {
            // roster apply: only the plan's clearings still exactly as planned; planned now even if a hold keeps them
            planned = gone.stream().filter(p -> session.plan().plannedNow(Signature365Plans.fingerprint(clear(p, empty),
                    true))).toList();
        }
        List<PersonState> toClear = planned;
        if (holds.any()) {
            // past holds.clear (a count, or a share of the people Roster sent), the clearing waits for an admin
            toClear = held.go(planned, described, holds, held.decisions(run), session.seen().size() + gone.size(),
                    TARGET, run);
        }
        List<Signature365Upsert> clears = new ArrayList<>(toClear.size());
        for (PersonState p : toClear) {
            clears.add(clear(p, empty));
        }
        if (run.storePlan() && toClear.size() < planned.size()) {
            // the plan lists the clearings a hold keeps waiting too, marked held
            Set<PersonState> going = Collections.newSetFromMap(new IdentityHashMap<>());
            going.addAll(toClear);
            planned.stream().filter(p -> !going.contains(p))
                    .forEach(p -> session.plan().planned(Signature365Plans.planned(clear(p, empty), true, true)));
        }
        return clears;
    }

    private static Signature365Upsert clear(PersonState p, Map<String, String> empty) {
        return new Signature365Upsert(p.key(), p.key(), empty, StoredValues.of(empty), p.written(), true,
                "left the source");
    }

    /** How a clearing is held: its kind, its identity (the person and the emptied fields), its lines. */
    private static HeldChanges.Described<PersonState> clearing(Map<String, String> empty) {
        return new HeldChanges.Described<>() {
            @Override
            public Set<HoldRules.Kind> kinds(PersonState p) {
                return Set.of(HoldRules.Kind.CLEAR);
            }

            @Override
            public String fingerprint(PersonState p) {
                Map<String, String> identity = new TreeMap<>(empty);
                identity.put("~target", TARGET);
                identity.put("~key", p.key());
                identity.put("~action", "clear");
                return Json.hex(Json.digest(identity));
            }

            @Override
            public HeldActions.ToHold toHold(PersonState p, String fingerprint, String reason) {
                return new HeldActions.ToHold(TARGET, p.key(), p.key(), "clear", fingerprint,
                        "left the source: mapped fields emptied", reason);
            }

            @Override
            public Entry entry(PersonState p, String action) {
                return new Entry(p.key(), TARGET, action, action.equals("held") ? "clear: left the source"
                        : "clear rejected by an admin");
            }
        };
    }

    /** Each request made up: what Roster last wrote to those of its people it may have sent before, read in one go. */
    private List<Signature365Batch> requests(TargetRun run, List<List<Outgoing>> full) {
        List<Signature365Batch> out = new ArrayList<>(full.size());
        for (List<Outgoing> people : full) {
            out.add(new Signature365Batch(upserts(run, people), false));
        }
        return out;
    }

    private List<Signature365Upsert> upserts(TargetRun run, List<Outgoing> people) {
        return planner.upserts(people, keys -> journal.written(run.job(), TARGET, keys));
    }

    /** People per request: as many as Signature 365 takes (roster.signature365.batch-size, halved after a 413). */
    private int requestSize() {
        return Math.max(1, target.client().batchSize());
    }

    /** A dry run's output for one source batch: who would be sent, and nothing written; kept as its plan if asked. */
    private void print(List<Outgoing> changed, TargetRun run, Signature365Session session) {
        RunReport report = run.report();
        for (Signature365Upsert u : upserts(run, changed)) {
            LOG.infof("[dry run] signature365: would %s %s: %s", u.known() ? "update" : "send", u.email(),
                    new TreeMap<>(u.fields()));
            report.count(u.known() ? Count.UPDATED : Count.CREATED, 1);
            report.record(new Entry(u.email(), TARGET, u.known() ? "update" : "create", u.rows()));
            if (run.storePlan()) {
                session.plan().planned(Signature365Plans.planned(u, false, false));
            }
        }
    }

    /** A dry run's output for the people who left the source: whose fields would be emptied. */
    private void printClears(List<Signature365Upsert> clears, TargetRun run, Signature365Session session) {
        RunReport report = run.report();
        for (Signature365Upsert u : clears) {
            LOG.infof("[dry run] signature365: would clear %s (left the source)", u.email());
            report.count(Count.VANISHED, 1);
            report.record(new Entry(u.email(), TARGET, "clear", u.rows() + ": mapped fields would be emptied"));
            if (run.storePlan()) {
                session.plan().planned(Signature365Plans.planned(u, true, false));
            }
        }
    }
}
