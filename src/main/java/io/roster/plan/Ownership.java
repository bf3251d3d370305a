package io.roster.plan;

import io.roster.state.Claim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who manages the users of one target that several jobs' sources hold or held, judged for one job from the jobs'
 * claims. A user two sources hold is the first claimant's: the other job leaves it as it is, so two jobs never take
 * turns rewriting it. A user no source holds any more is the last claimant's: that job alone applies its Sign-only
 * action. A user nobody ever claimed is judged as before claims were kept ({@link #unknown}). Groups are claimed the
 * same way, by the jobs whose rules name them.
 */
public final class Ownership {

    private final String job;
    private final Map<String, List<Claim>> byUser = new HashMap<>();

    public Ownership(String job, Collection<Claim> claims) {
        this.job = job;
        claims.forEach(c -> byUser.computeIfAbsent(c.personKey(), k -> new ArrayList<>(2)).add(c));
    }

    public static Ownership none(String job) {
        return new Ownership(job, List.of());
    }

    /** Whether no job ever claimed this user (it predates claims, or was made by hand). */
    public boolean unknown(String key) {
        return !byUser.containsKey(key);
    }

    /**
     * The other job whose source held this user before this job's did and still holds it, or null: then this job
     * manages the user (it claimed first, or nobody else holds the user now).
     */
    public String firstClaimant(String key) {
        List<Claim> claims = byUser.get(key);
        if (claims == null) {
            return null;
        }
        Claim mine = claims.stream().filter(c -> c.job().equals(job) && c.active()).findFirst().orElse(null);
        return claims.stream()
                .filter(c -> !c.job().equals(job) && c.active())
                .filter(c -> mine == null || c.claimedAt().isBefore(mine.claimedAt()))
                .min(Comparator.comparing(Claim::claimedAt).thenComparing(Claim::job))
                .map(Claim::job)
                .orElse(null);
    }

    /**
     * Whether a user this job's source does not hold is another job's to act on: another source holds it, or the
     * last source that held it was another job's.
     */
    public boolean othersManage(String key) {
        List<Claim> claims = byUser.get(key);
        if (claims == null) {
            return false;
        }
        if (claims.stream().anyMatch(c -> !c.job().equals(job) && c.active())) {
            return true;
        }
        return claims.stream()
                .max(Comparator.comparing(Claim::claimedAt).thenComparing(Claim::job))
                .filter(last -> !last.job().equals(job))
                .isPresent();
    }

    /** Whether other jobs hold this (a Sign group their rules name) and this job does not. */
    public boolean othersOnly(String key) {
        List<Claim> claims = byUser.get(key);
        return claims != null && claims.stream().anyMatch(c -> !c.job().equals(job) && c.active())
                && claims.stream().noneMatch(c -> c.job().equals(job) && c.active());
    }
}
