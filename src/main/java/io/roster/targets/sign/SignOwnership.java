package io.roster.targets.sign;

import io.roster.plan.History;
import io.roster.plan.Ownership;
import io.roster.plan.SignPlan;
import io.roster.plan.SignSyncRules;
import io.roster.state.ChangeJournal;
import io.roster.state.Claims;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Sign users and groups each job manages: the claims its runs record (the people its source holds in each
 * account, the groups its rules name), read back as the {@link History.OtherJobs} a plan consults. Only the jobs the
 * routes define now count: a removed or renamed job's claims are nobody's. A user no job ever claimed is judged as
 * before claims were kept: another job's when its group only other jobs' rules name, or when another job last wrote
 * it as a person of its source.
 */
@ApplicationScoped
public class SignOwnership {

    private final Claims claims;
    private final ChangeJournal journal;

    public SignOwnership(Claims claims, ChangeJournal journal) {
        this.claims = claims;
        this.journal = journal;
    }

    /**
     * The other jobs of the accounts, as one job's plan sees them; {@code jobs}: the jobs the routes define now. Each
     * record is read once per account, and only when the plan asks.
     */
    public History.OtherJobs otherJobs(String job, Set<String> jobs) {
        Map<String, Ownership> owners = new ConcurrentHashMap<>();
        Map<String, Set<String>> mine = new ConcurrentHashMap<>();
        Map<String, Ownership> groupOwners = new ConcurrentHashMap<>();
        Map<String, Set<String>> written = new ConcurrentHashMap<>();
        return new History.OtherJobs() {
            @Override
            public boolean manage(String org, String key, String group) {
                Ownership o = owners(org);
                if (!o.unknown(key)) {
                    return o.othersManage(key); // claims other jobs share: the first or last claimant decides
                }
                if (mine.computeIfAbsent(org, a -> claims.claimedBy(job, target(a))).contains(key)) {
                    return false; // only this job ever claimed it
                }
                if (group != null && groupOwners.computeIfAbsent(org, a -> new Ownership(job,
                        claims.shared(job, groups(a), jobs))).othersOnly(group.toLowerCase(Locale.ROOT))) {
                    return true;
                }
                return written.computeIfAbsent(org, a -> journal.managedByOthers(job, target(a), jobs)).contains(key);
            }

            @Override
            public String owner(String org, String key) {
                return owners(org).firstClaimant(key);
            }

            @Override
            public Optional<Boolean> madeAdmin(String org, String key) {
                return Optional.of(journal.lastSet(target(org), key, "accountAdmin").map("true"::equals).orElse(false));
            }

            private Ownership owners(String org) {
                return owners.computeIfAbsent(org, a -> new Ownership(job, claims.shared(job, target(a), jobs)));
            }
        };
    }

    /**
     * A whole read's plan: the job now manages exactly the people it claimed in each account (those it holds back for
     * a bad record keep their claim), and the groups its rules name.
     */
    public void claim(String job, SignPlan plan, Collection<String> orgs, SignSyncRules rules, Set<String> heldBack) {
        for (String org : orgs) {
            claims.hold(job, target(org), plan.claimed().getOrDefault(org, List.of()), heldBack);
            claims.hold(job, groups(org), rules.rules().stream()
                    .filter(r -> r.org().equals(org) && r.signGroup() != null && !r.signGroup().isBlank())
                    .map(r -> r.signGroup().toLowerCase(Locale.ROOT)).distinct().toList(), Set.of());
        }
    }

    private static String target(String org) {
        return "sign:" + org;
    }

    /** The claims on an account's groups: those the job's rules name. */
    private static String groups(String org) {
        return "sign-groups:" + org;
    }
}
