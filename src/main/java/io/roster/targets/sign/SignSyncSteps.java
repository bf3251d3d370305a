package io.roster.targets.sign;

import io.roster.plan.OrgPolicy;
import io.roster.plan.SignAction;
import io.roster.plan.SignPlan;
import io.roster.plan.SignPlanner;
import io.roster.plan.UserManagementRule;
import io.roster.run.RosterConfig;
import io.roster.run.SyncRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

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

    public SignSyncSteps(SignAccounts accounts, RosterConfig config) {
        this.accounts = accounts;
        this.reader = new SignStateReader(config.sign().pageSize());
        this.writer = new SignWriter(config.sign().pageSize());
    }

    /** Reads every account the job's rules address (and the primary). Any failure stops the run before planning. */
    public void readState(@ExchangeProperty("run") SyncRun run) {
        Set<String> orgs = new LinkedHashSet<>();
        orgs.add(UserManagementRule.PRIMARY);
        run.spec().sign().rules().forEach(r -> orgs.add(r.org()));
        Map<String, SignOrgState> states = new LinkedHashMap<>();
        run.noteTargetRequests(accounts.requests());
        for (String org : orgs) {
            accounts.settings(org);
            if (!accounts.connected(org) && run.dryRun()) {
                run.warn("org " + org + " has no integration key: the dry run plans against an empty account");
                states.put(org, SignOrgState.empty(org));
                continue;
            }
            states.put(org, reader.read(accounts.client(org)));
        }
        run.signStates(states);
        run.noteTargetRequests(accounts.requests());
    }

    public SignPlan plan(@ExchangeProperty("run") SyncRun run) {
        Map<String, OrgPolicy> policies = new LinkedHashMap<>();
        run.signStates().keySet().forEach(org -> policies.put(org, accounts.policy(org)));
        SignPlan plan = planner.plan(run.people(), run.signStates(), run.spec().sign(), policies);
        run.signPlan(plan);
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
                    state.addGroup(writer.createGroup(accounts.client(org), name));
                    run.record(new SyncRun.Entry("", org, "create-group", name));
                } catch (RuntimeException e) {
                    run.warn("org " + org + ": could not create Sign group '" + name + "': " + e.getMessage());
                }
            }
        });
        run.noteTargetRequests(accounts.requests());
    }

    /** Applies one action; an exception here goes to the dead-letter channel with the action. */
    public void apply(@Body SignAction action, @ExchangeProperty("run") SyncRun run) {
        try {
            writer.apply(action, accounts.client(action.org()), run.signStates().get(action.org()));
        } finally {
            run.noteTargetRequests(accounts.requests());
        }
        run.applied(action);
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
