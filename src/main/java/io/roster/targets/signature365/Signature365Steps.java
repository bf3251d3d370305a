package io.roster.targets.signature365;

import io.roster.mapping.MappedPeople;
import io.roster.mapping.MappingSpec;
import io.roster.mapping.Person;
import io.roster.plan.Signature365Plan;
import io.roster.plan.Signature365Planner;
import io.roster.plan.Signature365Planner.Outgoing;
import io.roster.plan.Signature365Rules;
import io.roster.plan.Signature365Upsert;
import io.roster.run.Runs;
import io.roster.run.SeenKeys;
import io.roster.run.SentHashes;
import io.roster.run.SyncRun;
import io.roster.state.Change;
import io.roster.state.ChangeJournal;
import io.roster.state.PersonState;
import io.roster.state.StoredValues;
import io.roster.state.TargetRejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Signature 365 face of a job route, batch by batch: plan (send only who changed since Roster last sent them),
 * send, record what landed; at the end, the people who vanished from the source. Route steps call these as
 * {@code signature365?method=…}.
 */
@ApplicationScoped
@Named("signature365")
public class Signature365Steps {

    private static final Logger LOG = Logger.getLogger("io.roster.signature365");
    private static final String TARGET = Signature365Target.NAME;

    private final Signature365Target target;
    private final ChangeJournal journal;
    private final Runs runs;
    private final Signature365Planner planner = new Signature365Planner();

    public Signature365Steps(Signature365Target target, ChangeJournal journal, Runs runs) {
        this.target = target;
        this.journal = journal;
        this.runs = runs;
    }

    /** Before reading anything: the mapping's tokens are declared, email is mapped, and a real run has a secret. */
    public void start(@ExchangeProperty("run") SyncRun run) {
        target.fields().check(run.job(), run.spec().mapping());
        if (run.dryRun() && !target.connected()) {
            run.warn("Signature 365 has no secret: this dry run only shows what would be sent");
        } else if (!run.dryRun()) {
            target.client();
        }
    }

    /**
     * Who of this batch to send: the new and the changed; the unchanged are only marked as seen. Planned against what
     * Roster last sent everyone (read once per run).
     */
    public Signature365Planned plan(@Body MappedPeople batch, @ExchangeProperty("run") SyncRun run) {
        SeenKeys seen = run.seen();
        SentHashes sent = sentHashes(run);
        Signature365Plan plan = planner.plan(batch.people(), sent, seen::contains);
        batch.people().forEach(p -> seen.add(p.key()));
        // noted now, not once sent: a later batch repeating one of them compares with what this one planned, even
        // while it waits in the outbox for a full request
        plan.outgoing().forEach(o -> sent.put(o.key(), o.hash()));
        run.inStep(plan.unchanged()); // their open dead letters are resolved when the run ends well
        run.count(SyncRun.Count.UNCHANGED, plan.unchanged().size());
        List<TargetRejection> rejected = new ArrayList<>();
        for (Person p : plan.repeated()) {
            rejected.add(new TargetRejection("mapping", p.key(), p.email() + " (" + p.rows() + ")",
                    "an earlier row of this read has the same email with other values; the first one was sent",
                    p.fields()));
        }
        return new Signature365Planned(plan.outgoing(), rejected);
    }

    private SentHashes sentHashes(SyncRun run) {
        return run.sentHashes(() -> {
            SentHashes sent = new SentHashes();
            journal.sentHashes(run.job(), TARGET, sent::put);
            return sent;
        });
    }

    /**
     * A planned batch's changed people join the run's outbox; returns the requests that are now full, to be sent. Source
     * batches with few changes thus share requests ({@link Signature365Outbox}).
     */
    public List<Signature365Batch> pack(@Body Signature365Planned planned, @ExchangeProperty("run") SyncRun run) {
        return requests(run, run.signature365Outbox().add(planned.outgoing(), requestSize()));
    }

    /** Once the source is read: whoever still waits in the outbox, as one last request. */
    public List<Signature365Batch> rest(@ExchangeProperty("run") SyncRun run) {
        return requests(run, run.signature365Outbox().rest());
    }

    /** Each request made up: what Roster last wrote to those of its people it may have sent before, read in one go. */
    private List<Signature365Batch> requests(SyncRun run, List<List<Outgoing>> full) {
        List<Signature365Batch> out = new ArrayList<>(full.size());
        for (List<Outgoing> people : full) {
            out.add(new Signature365Batch(upserts(run, people), false));
        }
        return out;
    }

    private List<Signature365Upsert> upserts(SyncRun run, List<Outgoing> people) {
        return planner.upserts(people, keys -> journal.written(run.job(), TARGET, keys));
    }

    /** People per request: as many as Signature 365 takes (roster.signature365.batch-size, halved after a 413). */
    private int requestSize() {
        return Math.max(1, target.client().batchSize());
    }

    /**
     * Sends a batch, and notes on it what landed and whom Signature 365 refused one by one ({@link
     * Signature365Batch#sent}). Nothing is written here: {@link #journal} records the batch while the next is sent.
     */
    public void send(@Body Signature365Batch batch, @ExchangeProperty("run") SyncRun run) {
        if (batch.upserts().isEmpty()) {
            return;
        }
        if (run.error() != null) {
            // The secret was refused or the service is down: later batches are kept, not sent.
            throw new Signature365Exception("not sent: " + run.error(), 0);
        }
        List<Signature365Client.Result> results = target.client().countingAlso(run.requestCounter()).upsert(batch.upserts());
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
            SyncRun.Count count = batch.clearing() ? SyncRun.Count.VANISHED
                    : "created".equals(r.status()) ? SyncRun.Count.CREATED
                    : "unchanged".equals(r.status()) ? SyncRun.Count.UNCHANGED : SyncRun.Count.UPDATED;
            run.count(count, 1);
            if (batch.clearing()) {
                run.record(new SyncRun.Entry(u.email(), TARGET, "clear", "left the source: mapped fields emptied"));
            }
        }
        batch.sent(new Signature365Batch.Sent(landed, known, refused));
    }

    /**
     * Records what a sent batch changed, in one transaction: the audit rows and each person's sync state (or, for a
     * clearing batch, forgets them). The people in it are then in step: open dead letters of theirs are resolved.
     */
    public void journal(@Body Signature365Batch batch, @ExchangeProperty("run") SyncRun run) {
        Signature365Batch.Sent sent = batch.sent();
        if (sent.landed().isEmpty()) {
            return;
        }
        if (batch.clearing()) {
            journal.forgotten(run.job(), run.id(), sent.landed());
        } else {
            journal.appliedAll(run.job(), run.id(), sent.landed(), sent.known());
            run.inStep(sent.landed().stream().map(Change::key).toList());
        }
    }

    /** A dry run's output for one batch: who would be sent, and nothing written. */
    public void printBatch(@Body Signature365Planned batch, @ExchangeProperty("run") SyncRun run) {
        for (Signature365Upsert u : upserts(run, batch.outgoing())) {
            LOG.infof("[dry run] signature365: would %s %s: %s", u.known() ? "update" : "send", u.email(),
                    new TreeMap<>(u.fields()));
            run.count(u.known() ? SyncRun.Count.UPDATED : SyncRun.Count.CREATED, 1);
            run.record(new SyncRun.Entry(u.email(), TARGET, u.known() ? "update" : "create", u.rows()));
        }
    }

    /**
     * People Roster sent before whom this complete read did not have. Always reported; with
     * {@code vanished: clear}, returned as batches that empty their mapped fields. Never while the removal guard
     * withholds removals (an empty or partial read, a drop past roster.safety.max-source-drop from the baseline).
     */
    public List<Signature365Batch> vanished(@ExchangeProperty("run") SyncRun run) {
        run.sourceComplete();
        if (run.dryRun()) {
            return List.of();
        }
        if (run.changesOnly() != null) {
            return List.of(); // an incremental read shows no one who left; the periodic full read does
        }
        List<PersonState> gone = journal.notSeen(run.job(), TARGET, run.seen()::contains);
        if (gone.isEmpty()) {
            return List.of();
        }
        Optional<String> withheld = runs.removalsWithheld(run);
        if (withheld.isPresent()) {
            run.heldBack(withheld.get() + ": " + gone.size() + " people missing from the source are left as they are");
            return List.of();
        }
        Signature365Rules rules = Optional.ofNullable(run.spec().signature365()).orElse(Signature365Rules.parse(null));
        if (rules.vanished() == Signature365Rules.Vanished.REPORT) {
            run.count(SyncRun.Count.VANISHED, gone.size());
            gone.forEach(p -> run.record(new SyncRun.Entry(p.key(), TARGET, "vanished",
                    "no longer in the source; left as last sent (signature365.vanished: report)")));
            run.warn(gone.size() + " people Roster sent before are no longer in the source; they are left as they are"
                    + " (signature365.vanished: report)");
            return List.of();
        }
        List<Signature365Batch> batches = new ArrayList<>();
        List<Signature365Upsert> current = new ArrayList<>();
        int size = requestSize();
        for (PersonState p : gone) {
            Map<String, String> empty = new LinkedHashMap<>();
            run.spec().mapping().fields().keySet().stream().filter(f -> !f.equals(MappingSpec.EMAIL))
                    .forEach(f -> empty.put(f, ""));
            current.add(new Signature365Upsert(p.key(), p.key(), empty, StoredValues.of(empty), p.written(), true,
                    "left the source"));
            if (current.size() == size) {
                batches.add(new Signature365Batch(current, true));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(new Signature365Batch(current, true));
        }
        return batches;
    }
}
