package io.roster.job;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JobFilePlacesTest {

    private static final String JOB = """
            sign:
              users: mapped
              user_sync:
                sign_only_limit: 10%
                sign_only_user_action: obliterate
              user_management:
                - directory_group: Sales
                  sign_group: Sales
                - directory_group: Admins
                  account_admin: maybe

            """;

    @Test
    void aRefusedValueIsPlacedWhereItIsWrittenNotAtTheEndOfTheFile() {
        assertEquals("line 5, column 28", JobFilePlaces.locate(JOB, List.of(new JobFilePlaces.Step("sign", -1),
                new JobFilePlaces.Step("user_sync", -1)), "sign_only_user_action 'obliterate' is not one of …").orElseThrow());
        assertEquals("line 10, column 22", JobFilePlaces.locate(JOB, List.of(new JobFilePlaces.Step("sign", -1),
                new JobFilePlaces.Step("user_management", -1), new JobFilePlaces.Step(null, 1),
                new JobFilePlaces.Step("account_admin", -1)), "not a boolean").orElseThrow());
        assertEquals("line 4, column 5", JobFilePlaces.locate(JOB, List.of(new JobFilePlaces.Step("sign", -1),
                new JobFilePlaces.Step("user_sync", -1)), "something else").orElseThrow(), "the place itself");
    }
}
