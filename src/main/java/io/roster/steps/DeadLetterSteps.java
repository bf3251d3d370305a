package io.roster.steps;

import io.roster.mapping.Emails;
import io.roster.mapping.Rejection;
import io.roster.report.RunReport;
import io.roster.state.DeadLetters;
import io.roster.state.Letter;
import io.roster.state.TargetRejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import java.util.Map;

/**
 * The routes' dead-letter stage ({@code direct:dead-letter}): a record the mapping rejected or a target turned away
 * goes to the dead-letter store with its reason, and counts as failed. (A target's writer letters what fails while it
 * sends, itself.)
 */
@ApplicationScoped
@Named("deadLetterSteps")
public class DeadLetterSteps {

    private final DeadLetters deadLetters;

    public DeadLetterSteps(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    public void store(@Body Object failed, @ExchangeProperty(Run.PROPERTY) Run run) {
        RunReport report = run.report();
        Letter letter;
        if (failed instanceof Rejection r) {
            String key = r.key() == null ? r.record() : r.key();
            letter = new Letter("mapping", key, r.record(), r.message(), r.data());
        } else if (failed instanceof TargetRejection t) {
            letter = new Letter(t.step(), t.key(), t.record(), t.reason(), t.data());
        } else {
            String what = String.valueOf(failed);
            letter = new Letter("unknown", what, what, "not a record Roster knows how to keep", Map.of());
        }
        report.failed(Emails.key(letter.key()), letter.key(), null, letter.step(), letter.reason());
        deadLetters.put(report, letter);
    }
}
