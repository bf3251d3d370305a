package io.roster.steps.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulesTest {

    @Test
    void validTimersAndCronsPass() {
        assertTrue(Schedules.problem("timer:csv-to-sign?period=1h").isEmpty());
        assertTrue(Schedules.problem("timer:csv-to-sign?period=1h30m&delay=5s").isEmpty());
        assertTrue(Schedules.problem("timer:csv-to-sign?period=90000").isEmpty());
        assertTrue(Schedules.problem("quartz:roster/csv-to-sign?cron=0+0+2+*+*+?").isEmpty());
        assertTrue(Schedules.problem("quartz:roster/csv-to-sign?cron=0+0+2+1+1+?+2099").isEmpty());
    }

    @Test
    void aBadPeriodOrCronIsNamed() {
        assertEquals("the timer's period '1x' is not a time (e.g. 1h, 30m, 1h30m)",
                Schedules.problem("timer:csv-to-sign?period=1x").orElseThrow());
        assertTrue(Schedules.problem("timer:csv-to-sign?period=0").orElseThrow().contains("not a positive time"));
        String cron = Schedules.problem("quartz:roster/csv-to-sign?cron=0+0+25+*+*+?").orElseThrow();
        assertTrue(cron.startsWith("the cron '0 0 25 * * ?' is not valid: Hour values must be between 0 and 23"), cron);
        assertTrue(Schedules.problem("quartz:roster/csv-to-sign?cron=every+day").isPresent());
    }
}
