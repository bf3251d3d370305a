package io.roster.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.roster.commands.PlanCommands;
import io.roster.report.RunReport;
import io.roster.sim.Signature365Simulator;
import io.roster.sim.Signature365Simulators;
import io.roster.source.sql.HrDatabase;
import io.roster.state.Plans;
import io.roster.state.StatePostgres;
import io.roster.state.StateStore;
import io.roster.state.StateTables;
import io.roster.steps.control.JobRunner;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code roster.plans.on-stale=refuse}, a plan one of whose changes went stale is refused whole: nothing is sent;
 * a change the job's holds keep waiting is not stale.
 */
@QuarkusTest
@TestProfile(StalePlanRefusedTest.Refuse.class)
@QuarkusTestResource(value = Signature365Simulators.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = StatePostgres.class, restrictToAnnotatedClass = true)
class StalePlanRefusedTest {

    public static class Refuse implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("roster.plans.on-stale", "refuse");
        }
    }

    static final String JOB = SqlToSignature365Test.JOB;

    Signature365Simulator s365;

    @Inject
    JobRunner runner;

    @Inject
    StateStore state;

    @Inject
    PlanCommands planCommands;

    @AfterEach
    void restore() throws IOException {
        SqlToSignature365Test.job(SqlToSignature365Test.sample());
    }

    @Test
    void aStalePlanIsRefusedAndNothingOfItIsSent() throws IOException {
        s365.reset();
        StateTables.clear(state);
        HrDatabase.reset();
        SqlToSignature365Test.job(SqlToSignature365Test.sample().replaceAll("(?m)^  version_query:.*$", ""));
        runner.run(JOB);
        HrDatabase.exec("UPDATE staff SET job_title = 'Chief Engineer' WHERE employee_id = 1002");
        HrDatabase.exec("UPDATE staff SET job_title = 'Lead Analyst' WHERE employee_id = 1004");
        Plans.Plan plan = planCommands.plan(JOB, "test").plan().orElseThrow();
        assertEquals(2, plan.changes().size(), plan.changes().toString());

        HrDatabase.exec("UPDATE staff SET job_title = 'Senior Analyst' WHERE employee_id = 1004");
        long requests = s365.requests();
        RunReport refused = planCommands.apply(plan.id(), "test");

        assertEquals(2, refused.exitCode(), refused.summary(Instant.now()));
        assertTrue(refused.error().contains("plan " + plan.id() + " is stale: 1 of its changes")
                && refused.error().contains("katherine.johnson@example.com")
                && refused.error().contains("roster.plans.on-stale: refuse"), refused.error());
        assertEquals(requests, s365.requests(), "nothing of a refused plan is sent, not even its fresh changes");
        assertEquals("Principal Engineer", s365.user("grace.hopper@example.com").get("JobTitle"));
        assertEquals(Plans.OPEN, planCommands.get(plan.id(), null).orElseThrow().status(), "refused, not applied");
    }

    /** A clearing the job's holds keep waiting is in the plan, marked held; applying the plan, it is not stale. */
    @Test
    void aHeldClearingInThePlanIsNotTakenAsStale() throws IOException {
        s365.reset();
        StateTables.clear(state);
        HrDatabase.reset();
        SqlToSignature365Test.job(SqlToSignature365Test.sample().replaceAll("(?m)^  version_query:.*$", "")
                .replace("vanished: report", "vanished: clear") + "\nholds:\n  clear: 0\n");
        runner.run(JOB);
        HrDatabase.exec("UPDATE staff SET job_title = 'Chief Engineer' WHERE employee_id = 1002");
        HrDatabase.exec("UPDATE staff SET active = FALSE WHERE employee_id = 1004");
        Plans.Plan plan = planCommands.plan(JOB, "test").plan().orElseThrow();
        assertEquals(List.of("update false", "clear true"), plan.changes().stream().map(c -> c.action() + " " + c.held())
                .toList(), plan.changes().toString());

        RunReport applied = planCommands.apply(plan.id(), "test");

        assertEquals(1, applied.exitCode(), "a change waits for an admin: " + applied.summary(Instant.now()));
        assertEquals("Chief Engineer", s365.user("grace.hopper@example.com").get("JobTitle"));
        assertEquals("Analyst", s365.user("katherine.johnson@example.com").get("JobTitle"), "held: not cleared");
        assertTrue(applied.entries().stream().noneMatch(e -> e.detail().contains("left out")), applied.entries().toString());
    }
}
