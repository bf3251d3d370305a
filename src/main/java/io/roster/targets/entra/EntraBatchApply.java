package io.roster.targets.entra;

import io.roster.plan.CountOrShare;
import io.roster.plan.EntraPlanner;
import io.roster.plan.EntraRules;
import io.roster.plan.HoldRules;
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
import io.roster.targets.HeldChanges;
import io.roster.targets.StoredPlans;
import io.roster.targets.TargetRun;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Entra ID's write face: a batch of planned changes goes to Graph (20 to a {@code $batch}); what landed is journaled
 * (audit rows with before → after) and checkpointed; each user Graph refused becomes a dead letter with Graph's reason.
 * An attribute the source leaves empty waits until the whole source is read, and is cleared only if the removals
 * policy trusts that read and the clearings stay within the job's hold (roster.entra.max-clears by default).
 */
@ApplicationScoped
public class EntraBatchApply {

    private static final Logger LOG = Logger.getLogger("io.roster.entra");
    private static final String TARGET = EntraTarget.NAME;

    private final EntraTarget target;
    private final ChangeJournal journal;
    private final DeadLetters deadLetters;
    private final HeldChanges held;
    private final EntraSettings settings;
    private final EntraDirectoryWriter directory;
    private final StoredPlans plans;
    private final EntraUsers users;
    private final ScimRecords scim = new ScimRecords();

    private final java.util.concurrent.ExecutorService journalThread;

    public EntraBatchApply(EntraTarget target, ChangeJournal journal, DeadLetters deadLetters, HeldChanges held,
                           EntraSettings settings, EntraDirectoryWriter directory, StoredPlans plans, EntraUsers users,
                           @jakarta.inject.Named("entraJournal") java.util.concurrent.ExecutorService journalThread) {
        this.journalThread = journalThread;
        this.users = users;
        this.plans = plans;
        this.directory = directory;
        this.held = held;
        this.settings = settings;
        this.target = target;
        this.journal = journal;
        this.deadLetters = deadLetters;
    }

    /**
     * One source batch: its attributes to set join the outbox, and whole {@code $batch} requests of it are sent (four
     * at a time fill the writers); clearings wait for {@link #finish}.
     */
    public void apply(List<EntraPlanner.Change> batch, TargetRun run, EntraSession session) {
        List<EntraPlanner.Change> now = new ArrayList<>();
        List<EntraPlanner.Change> later = new ArrayList<>();
        for (EntraPlanner.Change c : batch) {
            Map<String, String> set = new LinkedHashMap<>();
            Map<String, String> clear = new LinkedHashMap<>();
            c.set().forEach((k, v) -> (v.isEmpty() ? clear : set).put(k, v));
            if (!set.isEmpty()) {
                now.add(part(c, set));
            }
            if (!clear.isEmpty()) {
                later.add(part(c, clear));
            }
        }
        session.clearLater(later);
        if (session.plan().plan() != null) {
            // roster apply: the plan's changes wait until the whole source shows whether the plan still stands
            now.stream().filter(c -> session.plan().plannedNow(EntraPlans.fingerprint(c, "update")))
                    .forEach(session.plan()::apply);
            return;
        }
        send(session.outbox(now, GraphClient.BATCH * 4, false), run, session, "update");
    }

    /** The source is read: the clearings go, unless the removals policy withholds removals this run. */
    public void finish(TargetRun run, EntraSession session, Supplier<Optional<String>> removalsWithheld) {
        RunReport report = run.report();
        report.sourceComplete();
        send(session.outbox(List.of(), GraphClient.BATCH, true), run, session, "update");
        drain(session); // every update journaled before the clearings are judged and sent
        List<EntraPlanner.Change> going = clearings(run, session, removalsWithheld);
        if (session.plan().plan() != null) {
            // roster apply: only what the stored plan has, still exactly so; a stale plan may be refused here, whole
            Set<String> go = plans.narrow(session.plan().plan(), session.plan().plannedNow(), run);
            send(session.plan().applying().stream().filter(c -> go.contains(EntraPlans.fingerprint(c, "update"))).toList(),
                    run, session, "update");
            send(going.stream().filter(c -> go.contains(EntraPlans.fingerprint(c, "clear"))).toList(), run, session,
                    "clear");
            drain(session);
            return;
        }
        send(going, run, session, "clear");
        drain(session);
        if (run.dryRun() && run.storePlan()) {
            plans.keep(run, session.plan().planned());
        }
    }

    /**
     * The clearings that may go: none when the removals policy withholds removals; past the job's hold, none until an
     * admin approves (those held are listed in a dry run's plan too). For roster apply, only the plan's.
     */
    private List<EntraPlanner.Change> clearings(TargetRun run, EntraSession session,
                                                Supplier<Optional<String>> removalsWithheld) {
        RunReport report = run.report();
        List<EntraPlanner.Change> all = session.clearings();
        // judged first: a read the removals policy distrusts retires no held clearing either
        Optional<String> withheld = report.changesOnly() != null ? Optional.of("the source read only what changed")
                : removalsWithheld.get();
        // held clearings this whole run no longer plans (the column was fixed, the person changed) retire, even when
        // it plans none at all, and whatever a roster apply narrows it to
        held.settle(run, TARGET, () -> {
            Set<String> prints = new HashSet<>();
            all.forEach(c -> prints.add(CLEARING.fingerprint(c)));
            return prints;
        });
        if (all.isEmpty()) {
            return List.of();
        }
        if (withheld.isPresent()) {
            report.warn(withheld.get() + "; " + all.size() + " Entra ID users keep attributes the source left"
                    + " empty (nothing cleared this run)");
            report.heldBack(withheld.get());
            return List.of();
        }
        List<EntraPlanner.Change> clearings = session.plan().plan() == null ? all : all.stream()
                .filter(c -> session.plan().plannedNow(EntraPlans.fingerprint(c, "clear"))).toList();
        // past holds.clear (or roster.entra.max-clears), every clearing waits for an admin: a renamed column must
        // not blank everyone's signature
        HoldRules rules = run.spec().holds().orElse(HoldRules.Kind.CLEAR, clearLimit());
        List<EntraPlanner.Change> going = held.go(clearings, CLEARING, rules, held.decisions(run), session.matched(),
                TARGET, run);
        if (run.storePlan() && going.size() < clearings.size()) {
            clearings.stream().filter(c -> !going.contains(c))
                    .forEach(c -> session.plan().planned(EntraPlans.planned(c, "clear", true, detail(c))));
        }
        return going;
    }

    /** roster.entra.max-clears (a value that is not a count or a share stops Roster at start). */
    private CountOrShare clearLimit() {
        return settings.maxClears();
    }

    /** Writes what undoes a run ({@link io.roster.plan.EntraRestore}) as any batch is written; a dry run prints it. */
    public void restore(List<EntraPlanner.Change> changes, TargetRun run, EntraSession session) {
        send(changes, run, session, "update");
        drain(session);
    }

    /** Waits until every send is journaled ({@link io.roster.targets.JournalBehind#drain}). */
    public void drain(EntraSession session) {
        session.journal().drain();
    }

    /** How a clearing is held: its kind, its identity (the user and the attributes emptied), its lines. */
    private static final HeldChanges.Described<EntraPlanner.Change> CLEARING = new HeldChanges.Described<>() {
        @Override
        public Set<HoldRules.Kind> kinds(EntraPlanner.Change c) {
            return Set.of(HoldRules.Kind.CLEAR);
        }

        @Override
        public String fingerprint(EntraPlanner.Change c) {
            Map<String, String> identity = new TreeMap<>(c.before());
            identity.put("~target", TARGET);
            identity.put("~user", c.userId());
            identity.put("~clear", String.join(",", new TreeMap<>(c.set()).keySet()));
            return Json.hex(Json.digest(identity));
        }

        @Override
        public HeldActions.ToHold toHold(EntraPlanner.Change c, String fingerprint, String reason) {
            return new HeldActions.ToHold(TARGET, c.key(), c.email(), "clear", fingerprint, detail(c), reason);
        }

        @Override
        public Entry entry(EntraPlanner.Change c, String action) {
            return new Entry(c.email(), TARGET, action, action.equals("held") ? "clear: " + detail(c)
                    : "clear rejected by an admin");
        }
    };

    private static EntraPlanner.Change part(EntraPlanner.Change c, Map<String, String> set) {
        Map<String, String> before = new LinkedHashMap<>();
        set.keySet().forEach(k -> before.put(k, c.before().getOrDefault(k, "")));
        return c.with(set, before);
    }

    /**
     * Writes changes through their doors and journals what landed. Each change is noted as pending before anything is
     * sent, so a process killed between sending and journaling leaves a note the next run checks against Entra
     * ({@link EntraUnconfirmedWrites}). Values sent through a door Entra shows only later are marked as sent.
     */
    private void send(List<EntraPlanner.Change> changes, TargetRun run, EntraSession session, String action) {
        if (changes.isEmpty()) {
            return;
        }
        RunReport report = run.report();
        if (run.dryRun()) {
            for (EntraPlanner.Change c : changes) {
                LOG.infof("[dry run] entra: would %s %s%s: %s", action, c.userPrincipalName(), via(c),
                        new TreeMap<>(c.set()));
                report.applied(action.equals("clear") ? Count.VANISHED : Count.UPDATED, c.key(),
                        new Entry(c.email(), TARGET, action, detail(c) + via(c)));
                if (run.storePlan()) {
                    session.plan().planned(EntraPlans.planned(c, action, false, detail(c)));
                }
            }
            return;
        }
        run.continueOrStop();
        journal.sendingAll(run.job(), run.id(), changes.stream().map(c -> journaled(c, action)).toList());
        String[] refused = new String[changes.size()];
        List<Integer> onPremises = new ArrayList<>();
        List<Integer> provisioned = new ArrayList<>();
        List<Integer> graph = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            EntraPlanner.Door door = changes.get(i).door();
            (door instanceof EntraPlanner.Directory ? onPremises : door instanceof EntraPlanner.Provisioning
                    ? provisioned : graph).add(i);
        }
        if (!onPremises.isEmpty()) {
            // synced users: written to their AD entries (entra.synced: directory); Entra Connect brings them up
            List<String> answers = directory.write(run.spec().entra().directory(),
                    onPremises.stream().map(changes::get).toList());
            for (int j = 0; j < onPremises.size(); j++) {
                refused[onPremises.get(j)] = answers.get(j) == null ? null : SecretMask.apply(answers.get(j));
            }
        }
        GraphClient client = provisioned.isEmpty() && graph.isEmpty() ? null
                : target.client().countingAlso(run.requests());
        if (!provisioned.isEmpty()) {
            // synced users: sent to the inbound provisioning app (entra.synced: provisioning), which writes them
            EntraRules.Provisioning p = run.spec().entra().provisioning();
            Map<String, com.fasterxml.jackson.databind.node.ObjectNode> records = new LinkedHashMap<>();
            for (int i : provisioned) {
                EntraPlanner.Change c = changes.get(i);
                EntraPlanner.Provisioning door = (EntraPlanner.Provisioning) c.door();
                Map<String, String> whole = new LinkedHashMap<>(door.current());
                whole.putAll(session.provisioned(c.userId())); // what an earlier record of this run changed
                whole.putAll(c.set()); // the whole record: what this change leaves alone is sent as it stands
                records.put(c.userId(), scim.record(door.externalId(), whole, p));
            }
            List<GraphClient.Result> answers = client.upload(p.servicePrincipal(), p.job(), records, scim);
            for (int j = 0; j < provisioned.size(); j++) {
                refused[provisioned.get(j)] = refusal(answers.get(j), "Entra ID's inbound provisioning", report);
            }
        }
        if (!graph.isEmpty()) {
            List<GraphClient.Result> answers = client.patch(graph.stream().map(changes::get)
                    .map(c -> new GraphClient.Patch(c.userId(), c.set())).toList());
            for (int j = 0; j < graph.size(); j++) {
                refused[graph.get(j)] = refusal(answers.get(j), "Entra ID", report);
            }
        }
        List<Change> landed = new ArrayList<>();
        List<EntraPlanner.Change> later = new ArrayList<>();
        Set<String> notLanded = new HashSet<>();
        for (int i = 0; i < changes.size(); i++) {
            EntraPlanner.Change c = changes.get(i);
            if (refused[i] == null) {
                landed.add(journaled(c, action));
                report.applied(action.equals("clear") ? Count.VANISHED : Count.UPDATED, c.key(),
                        () -> new Entry(c.email(), TARGET, action, detail(c) + via(c)));
                if (c.door().later()) {
                    later.add(c);
                }
                if (c.door() instanceof EntraPlanner.Provisioning) {
                    session.provisioned(c.userId(), c.set());
                }
                continue;
            }
            notLanded.add(c.key());
            report.failed(c.key(), c.email(), null, TARGET, refused[i]);
            deadLetters.put(report, new Letter(TARGET, c.key(), c.email() + " (" + c.rows() + ")", refused[i],
                    c.set()));
        }
        int sent = changes.size();
        // journaled behind the sends (the next request goes out meanwhile), in the order sent
        session.journal().write(() -> {
            try {
                if (!later.isEmpty()) {
                    // marked before the journal: a process killed in between leaves a note the next run settles by it
                    users.sent(target.tenant(), EntraAttributes.select(run.spec()), later, java.time.Instant.now());
                }
                if (!landed.isEmpty()) {
                    journal.appliedAll(run.job(), run.id(), landed,
                            journal.written(run.job(), TARGET, landed.stream().map(Change::key).toList()).keySet());
                }
                if (!notLanded.isEmpty()) {
                    journal.forget(run.job(), TARGET, notLanded); // refused: nothing of it can have landed
                }
                run.checkpoint(sent);
            } catch (RuntimeException e) {
                // landed but not journaled: their pending notes stay, and the next run audits what Entra shows
                String why = SecretMask.apply(String.valueOf(e.getMessage()));
                LOG.errorf("job %s run %s: %d changes sent to Entra ID could not be journaled (%s); the next run checks"
                        + " them against Entra", run.job(), run.id(), landed.size(), why);
                if (report.error() == null) {
                    report.error("the state store could not record changes sent to Entra ID (" + why + "); the next"
                            + " run checks them against Entra");
                }
            }
        }, journalThread);
    }

    /** Why a change did not land, from its answer; null when it did. A refusal of the credentials fails the run. */
    private static String refusal(GraphClient.Result r, String who, RunReport report) {
        if (r.ok()) {
            return null;
        }
        String reason = GraphClient.AUTH_REFUSED.equals(r.code()) || GraphClient.NOT_SENT.equals(r.code())
                ? SecretMask.apply(r.message())
                : who + " refused it: HTTP " + r.status() + " " + r.code() + ": " + r.message()
                + (r.status() == 400 && r.message() != null && r.message().contains("on-premises")
                ? " (the user is synced from on-premises AD: change it there)" : "");
        if (GraphClient.AUTH_REFUSED.equals(r.code()) && report.error() == null) {
            report.error(who + " cannot be written to (" + reason + "); the changes not written are kept as dead"
                    + " letters and tried again by the next run");
        }
        return reason;
    }

    private static Change journaled(EntraPlanner.Change c, String action) {
        return new Change(TARGET, c.key(), action, c.userId(), c.before(), c.set());
    }

    /** Where a change went, for lines an admin reads: nothing for Graph. */
    private static String via(EntraPlanner.Change c) {
        if (c.door() instanceof EntraPlanner.Directory d) {
            return " (in " + d.dn() + ")";
        }
        if (c.door() instanceof EntraPlanner.Provisioning p) {
            return " (through inbound provisioning, externalId " + p.externalId() + ")";
        }
        return "";
    }

    private static String detail(EntraPlanner.Change c) {
        StringBuilder out = new StringBuilder(c.userPrincipalName()).append(": ");
        c.set().forEach((k, v) -> out.append(k).append(" '").append(c.before().getOrDefault(k, "")).append("' → '")
                .append(v).append("'; "));
        return out.substring(0, out.length() - 2);
    }
}
