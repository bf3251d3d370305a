package io.roster.targets.signature365;

import io.roster.plan.Signature365Upsert;
import io.roster.state.Plans;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * What a Signature 365 job keeps for the length of its run: who it has read so far, what Roster last sent everyone,
 * the people waiting for a full request, the requests sent whose journal entry is still being written, and the plan
 * a dry run keeps or an apply run applies.
 */
public final class Signature365Session {

    /** Sent requests whose journal entry may still be under way: the send of the next does not wait for it. */
    static final int JOURNAL_BEHIND = 3;

    private final SeenKeys seen = new SeenKeys();
    private final Signature365Outbox outbox = new Signature365Outbox();
    private final Semaphore journalSlots = new Semaphore(JOURNAL_BEHIND);
    private final List<CompletableFuture<Void>> journaling = new ArrayList<>();
    private SentHashes sentHashes;
    /** A dry run's changes, kept as its plan ({@code roster plan}). */
    private final List<Plans.Planned> planned = new ArrayList<>();
    /** {@code roster apply}: the plan applied, and its changes this run plans too, sent once the plan is checked. */
    private Plans.Plan plan;
    private Set<String> planPrints = Set.of();
    private final List<Signature365Upsert> applying = new ArrayList<>();
    private final Set<String> plannedNow = new HashSet<>();

    public SeenKeys seen() {
        return seen;
    }

    Signature365Outbox outbox() {
        return outbox;
    }

    /** What Roster last sent each person of this job, read by {@code load} on first use. */
    public synchronized SentHashes sentHashes(Supplier<SentHashes> load) {
        if (sentHashes == null) {
            sentHashes = load.get();
        }
        return sentHashes;
    }

    Semaphore journalSlots() {
        return journalSlots;
    }

    synchronized void journaling(CompletableFuture<Void> f) {
        journaling.add(f);
    }

    synchronized List<CompletableFuture<Void>> takeJournaling() {
        List<CompletableFuture<Void>> out = new ArrayList<>(journaling);
        journaling.clear();
        return out;
    }

    synchronized void planned(Plans.Planned p) {
        planned.add(p);
    }

    synchronized List<Plans.Planned> planned() {
        return new ArrayList<>(planned);
    }

    /** The run applies this stored plan (roster apply). */
    public synchronized void applying(Plans.Plan plan) {
        this.plan = plan;
        Set<String> prints = new HashSet<>();
        plan.changes().forEach(c -> prints.add(c.fingerprint()));
        this.planPrints = prints;
    }

    synchronized Plans.Plan plan() {
        return plan;
    }

    synchronized boolean inPlan(String fingerprint) {
        return planPrints.contains(fingerprint);
    }

    synchronized void apply(Signature365Upsert u) {
        applying.add(u);
        plannedNow.add(Signature365Plans.fingerprint(u, false));
    }

    synchronized List<Signature365Upsert> applying() {
        return new ArrayList<>(applying);
    }

    /** A change of the applied plan that this run plans too, exactly (a hold may still keep it waiting). */
    synchronized void plannedNow(String fingerprint) {
        plannedNow.add(fingerprint);
    }

    synchronized Set<String> plannedNow() {
        return new HashSet<>(plannedNow);
    }
}
