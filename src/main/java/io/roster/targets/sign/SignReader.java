package io.roster.targets.sign;

import io.roster.plan.SignAction;
import io.roster.plan.SignOrgState;
import io.roster.plan.SignPlanner;
import io.roster.plan.SignUser;
import io.roster.report.RunReport;
import io.roster.state.Change;
import io.roster.state.ChangeJournal;
import io.roster.targets.TargetRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Sign's read face: what every account a job addresses holds now (users, groups, memberships), with what Roster
 * remembers of its users, and the changes an earlier run sent but never saw confirmed checked against it.
 */
@ApplicationScoped
public class SignReader {

    private static final Logger LOG = Logger.getLogger("io.roster.sign");

    private final SignAccounts accounts;
    private final SignStateReader reader;
    private final SignUserMemory memory;
    private final ChangeJournal journal;
    private final Duration recheckWindow;

    private final SignRecheckMetrics metrics;

    public SignReader(SignAccounts accounts, SignSettings config, ChangeJournal journal,
                      @Named("signWriters") ExecutorService signWriters, SignUserMemory memory, SignRecheckMetrics metrics) {
        this.accounts = accounts;
        this.metrics = metrics;
        this.journal = journal;
        this.memory = memory;
        this.recheckWindow = config.recheckWindow();
        // reading comes before writing, so the writers' threads read the accounts' group member lists
        this.reader = new SignStateReader(config.pageSize(), signWriters);
    }

    /** Reads every account the job's rules address (and the primary). Any failure stops the run before planning. */
    public SignAccountsState read(TargetRun run) {
        RunReport report = run.report();
        Map<String, SignOrgState> states = new LinkedHashMap<>();
        for (String org : run.spec().sign().accounts()) {
            accounts.settings(org);
            if (!accounts.connected(org) && run.dryRun()) {
                report.warn("org " + org + " has no integration key: the dry run plans against an empty account");
                states.put(org, SignOrgState.empty(org));
                continue;
            }
            // what is remembered of the account's users is loaded from the state store while its lists are paged
            CompletableFuture<Map<String, SignUserFact>> known = CompletableFuture.supplyAsync(() -> memory.load(org));
            SignStateReader.Read read = reader.read(accounts.client(org).countingAlso(run.requests()), known,
                    Instant.now(), recheckWindow);
            states.put(org, read.state());
            if (!run.dryRun()) {
                memory.save(org, read.learned());
            }
            // a dry run remembers nothing, so the next run finds the same changes: counted once, by real runs
            metrics.read(org, read.detailsRead(), run.dryRun() ? 0 : read.drifted().size(), read.oldestKnown());
            if (!read.drifted().isEmpty()) {
                List<String> shown = read.drifted().subList(0, Math.min(20, read.drifted().size()));
                report.warn("org " + org + ": " + read.drifted().size() + " Sign users were changed in Sign since Roster"
                        + " last saw them (the rules decide what happens to each): " + String.join("; ", shown)
                        + (read.drifted().size() > shown.size() ? "; …" : ""));
            }
            LOG.debugf("org %s: %d users, %d read in detail", org, read.state().users().size(), read.detailsRead());
        }
        if (!run.dryRun()) {
            checkUnconfirmedWrites(run, states);
        }
        return new SignAccountsState(states);
    }

    /**
     * Changes an earlier run sent but never saw confirmed (it was killed, or the call failed) may have happened: the
     * state just read tells. What landed is audited now, so the log holds every change even across a crash, and the
     * plan sees it as done; what did not is planned again like any other difference.
     */
    private void checkUnconfirmedWrites(TargetRun run, Map<String, SignOrgState> states) {
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
            run.report().warn("org " + org + ": " + changes.size() + " changes of an earlier run were never confirmed;"
                    + " checked in Sign: " + landed + " had landed and are audited, " + (changes.size() - landed)
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
}
