package io.roster.plan;

import io.roster.mapping.Person;
import io.roster.state.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Signature365PlannerTest {

    final Signature365Planner planner = new Signature365Planner();

    static Person person(String email, Map<String, String> fields) {
        return new Person(email, email, fields, Set.of(), "row 1");
    }

    @Test
    void sendsTheNewAndTheChangedAndSkipsTheUnchanged() {
        Map<String, String> same = Map.of("FirstName", "Ann", "JobTitle", "Dev");
        Map<String, String> old = Map.of("FirstName", "Bob", "JobTitle", "Dev");
        Map<String, String> changed = Map.of("FirstName", "Bob", "JobTitle", "Lead");
        Signature365Plan plan = planner.plan(List.of(person("ann@x.com", same), person("bob@x.com", changed),
                        person("new@x.com", same)),
                Map.of("ann@x.com", new Signature365Planner.LastSent(Json.contentHash(same), same, false),
                        "bob@x.com", new Signature365Planner.LastSent(Json.contentHash(old), old, false)));

        assertEquals(List.of("ann@x.com"), plan.unchanged());
        assertEquals(List.of("bob@x.com", "new@x.com"), plan.upserts().stream().map(Signature365Upsert::key).toList());
        Signature365Upsert bob = plan.upserts().get(0);
        assertTrue(bob.known());
        assertEquals(old, bob.before(), "what was sent last, for the audit");
        assertFalse(plan.upserts().get(1).known());
    }

    @Test
    void aPersonAnEarlierBatchOfTheRunHadIsNotSentAgain() {
        Map<String, String> f = Map.of("FirstName", "Ann");
        Signature365Plan plan = planner.plan(List.of(person("ann@x.com", Map.of("FirstName", "Anna"))),
                Map.of("ann@x.com", new Signature365Planner.LastSent(Json.contentHash(f), f, true)));

        assertTrue(plan.upserts().isEmpty());
        assertEquals(1, plan.repeated().size());
    }
}
