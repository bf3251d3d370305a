package io.roster.commands;

import io.roster.report.RunReports;
import io.roster.state.HeldAction;
import io.roster.state.HeldActions;
import io.roster.state.HoldSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;

/**
 * {@code roster held list|approve|reject}: the changes runs held back for an admin ({@code holds:} in a job file). An
 * approved change goes with the job's next run (if that run still plans it: a person who changed since is planned
 * anew); a rejected one is never applied; one left undecided expires after {@code roster.holds.expire-after}.
 */
@ApplicationScoped
public class HeldCommands {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    /** What a decision did: the changes decided, and those asked for that were not held (decided already, or unknown). */
    public record Decided(String decision, List<Long> decided, List<Long> notHeld) {
    }

    private final HeldActions held;
    private final HoldSettings settings;

    public HeldCommands(HeldActions held, HoldSettings settings) {
        this.held = held;
        this.settings = settings;
    }

    /** The undecided held changes of the jobs (all when empty), restricted to ids when given. */
    public List<HeldAction> list(Collection<String> jobs, Collection<Long> ids) {
        held.expire(settings.expireAfter());
        return held.list(jobs, null).stream().filter(h -> ids.isEmpty() || ids.contains(h.id())).toList();
    }

    /**
     * Approves or rejects held changes: the ids named, or with {@code all} every held change of the jobs. Neither named
     * is an error, so one slip never decides everything.
     */
    public Decided decide(String decision, Collection<String> jobs, Collection<Long> ids, boolean all, String by) {
        if (!decision.equals(HeldAction.APPROVED) && !decision.equals(HeldAction.REJECTED)) {
            throw new IllegalArgumentException("a held change is approved or rejected, not " + decision);
        }
        if (ids.isEmpty() && !all) {
            throw new IllegalArgumentException("name the held changes (--id N) or decide all of the jobs' (--all)");
        }
        if (!ids.isEmpty() && all) {
            throw new IllegalArgumentException("--id and --all do not go together");
        }
        // with jobs named, only their held changes are decided: an id of another job's is reported, not decided
        List<Long> chosen = all || !jobs.isEmpty() ? list(jobs, ids).stream().map(HeldAction::id).toList()
                : List.copyOf(ids);
        held.expire(settings.expireAfter());
        List<Long> decided = held.decide(chosen, decision, by);
        List<Long> notHeld = (all ? chosen : List.copyOf(ids)).stream().filter(id -> !decided.contains(id)).toList();
        Decided done = new Decided(decision, decided, notHeld);
        log(done, by);
        return done;
    }

    /** The run mode: prints, then the process exits 0, or 2 when the command is wrong or names changes not held. */
    public int runMode(String action, Collection<String> jobs, Collection<Long> ids, boolean all, String by,
                       PrintStream json) {
        try {
            Object result;
            if (action.equals("list")) {
                List<HeldAction> open = list(jobs, ids);
                log(open);
                result = open;
            } else {
                result = decide(action.equals("approve") ? HeldAction.APPROVED : HeldAction.REJECTED, jobs, ids, all, by);
            }
            if (json != null) {
                RunReports.print(json, result);
            }
            return result instanceof Decided d && !d.notHeld().isEmpty() ? 2 : 0;
        } catch (IllegalArgumentException e) {
            LOG.errorf("roster held %s: %s", action, e.getMessage());
            return 2;
        }
    }

    /** The lines of {@code roster held list}, here or beside the service. */
    static void log(List<HeldAction> open) {
        for (HeldAction h : open) {
            LOG.infof("held %d: job %s, %s %s in %s (%s), since %s, run %s", h.id(), h.job(), h.action(), h.email(),
                    h.target(), h.detail(), h.createdAt(), h.runId());
        }
        LOG.infof("%d held changes", open.size());
    }

    static void log(Decided done, String by) {
        LOG.infof("held changes %s by %s: %s%s", done.decision(), by, done.decided(),
                done.notHeld().isEmpty() ? "" : "; not held (decided already, expired or unknown): " + done.notHeld());
    }
}
