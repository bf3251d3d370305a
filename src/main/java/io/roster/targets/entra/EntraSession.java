package io.roster.targets.entra;

import io.roster.plan.EntraPlanner;
import io.roster.plan.EntraUser;
import io.roster.targets.PlanInRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What an Entra ID job keeps for the length of its run: the tenant's users, read once and indexed by the addresses
 * people are matched by, the changes waiting to fill a request, and the clearings that wait until the whole source is
 * read (a removal: the removals policy decides once it knows the read was whole).
 */
public final class EntraSession {

    private Map<String, List<EntraUser>> index;
    private final List<EntraPlanner.Change> clearings = new ArrayList<>();
    private final List<EntraPlanner.Change> outbox = new ArrayList<>();
    private long matched;
    private int waiting;
    private final Map<String, Map<String, String>> provisioned = new java.util.concurrent.ConcurrentHashMap<>();
    private int resent;
    private final Map<String, String> taken = new java.util.concurrent.ConcurrentHashMap<>();
    private final PlanInRun<EntraPlanner.Change> plan = new PlanInRun<>();
    private final io.roster.targets.JournalBehind journal = new io.roster.targets.JournalBehind();

    /** The journal entries of the sends, written behind them. */
    io.roster.targets.JournalBehind journal() {
        return journal;
    }

    public synchronized Map<String, List<EntraUser>> index(Supplier<Map<String, List<EntraUser>>> read) {
        if (index == null) {
            index = read.get();
        }
        return index;
    }

    synchronized void clearLater(List<EntraPlanner.Change> changes) {
        clearings.addAll(changes);
    }

    /**
     * Changes join the outbox; out come as many as fill whole {@code $batch} requests of {@code size} (all of them when
     * {@code rest}), so source batches with few changes each share requests.
     */
    synchronized List<EntraPlanner.Change> outbox(List<EntraPlanner.Change> changes, int size, boolean rest) {
        outbox.addAll(changes);
        int take = rest ? outbox.size() : outbox.size() / size * size;
        List<EntraPlanner.Change> out = new ArrayList<>(outbox.subList(0, take));
        outbox.subList(0, take).clear();
        return out;
    }

    synchronized List<EntraPlanner.Change> clearings() {
        return new ArrayList<>(clearings);
    }

    /** Each user id matched so far this run → the email of the person who matched it (one person per user). */
    public Map<String, String> taken() {
        return taken;
    }

    /** People of a batch matched to one Entra user each (what a share of clearings is of). */
    public synchronized void matched(long n) {
        matched += n;
    }

    synchronized long matched() {
        return matched;
    }

    /**
     * Values this run sent a user through the provisioning app: a later record of the same user (its clearings, sent
     * once the source is read) carries them, so it does not put back what the earlier one changed.
     */
    public Map<String, String> provisioned(String userId) {
        return provisioned.getOrDefault(userId, Map.of());
    }

    void provisioned(String userId, Map<String, String> values) {
        provisioned.merge(userId, new java.util.LinkedHashMap<>(values), (had, more) -> {
            Map<String, String> both = new java.util.LinkedHashMap<>(had);
            both.putAll(more);
            return both;
        });
    }

    /** People of a batch who wait for values sent through a later door, and changes sent again past the wait. */
    public synchronized void waited(int waiting, int resent) {
        this.waiting += waiting;
        this.resent += resent;
    }

    /** Once a run: how many wait for Entra to show what was sent, and how many were sent again. */
    public synchronized void sayWaited(io.roster.report.RunReport report, java.time.Duration wait) {
        if (waiting > 0) {
            report.warn(waiting + " Entra ID users wait for values Roster sent through on-premises AD or inbound"
                    + " provisioning to show in Entra (sent less than " + span(wait) + " ago: not sent again)");
        }
        if (resent > 0) {
            report.warn(resent + " Entra ID users still do not show values Roster sent through on-premises AD or inbound"
                    + " provisioning more than " + span(wait) + " ago: sent again (check Entra Connect, or the provisioning"
                    + " logs of the provisioning app)");
        }
    }

    private static String span(java.time.Duration d) {
        return d.toMinutesPart() == 0 && d.toHours() > 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    /** The plan this run keeps (a dry run) or applies (roster apply). */
    public PlanInRun<EntraPlanner.Change> plan() {
        return plan;
    }
}
