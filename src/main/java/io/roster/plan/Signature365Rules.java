package io.roster.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * The {@code signature365:} section of a job file.
 * <pre>
 * signature365:
 *   vanished: report     # report | clear
 * </pre>
 * A person Roster sent before who is no longer in the source is always reported. {@code clear} also sends their
 * mapped fields empty, once, so their signature no longer shows HR data, and forgets them. Never on a run whose
 * source was empty or dropped past roster.safety.max-source-drop.
 */
public record Signature365Rules(Vanished vanished) {

    public enum Vanished { REPORT, CLEAR }

    @JsonCreator
    public static Signature365Rules parse(@JsonProperty("vanished") String vanished) {
        if (vanished == null || vanished.isBlank()) {
            return new Signature365Rules(Vanished.REPORT);
        }
        try {
            return new Signature365Rules(Vanished.valueOf(vanished.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature365.vanished must be report or clear, not '" + vanished + "'");
        }
    }
}
