package io.roster.plan;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code holds:} section of a job file: per kind of risky change, how many a run may make before the rest wait for
 * an admin. A count or a share of the account's active users (Sign) or of the people Roster sent (Signature 365):
 * <pre>
 * holds:
 *   deactivate: 10
 *   reset: 5%          # Sign-only reset and remove_groups
 *   role_removal: 0    # account or group admin taken away: every one waits
 *   group_move: 20%    # a person's primary group changes
 *   clear: 50          # Signature 365: fields emptied for people who left the source; Entra ID: attributes emptied
 * </pre>
 * When a run plans more of a kind than its limit, every change of that kind is held (listed, not applied, not lost)
 * while the others go ahead. Unset: no change is ever held.
 */
public record HoldRules(Map<Kind, CountOrShare> limits) {

    /** The kinds of risky change a job can hold. */
    public enum Kind {
        DEACTIVATE, RESET, ROLE_REMOVAL, GROUP_MOVE, CLEAR;

        public String setting() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final HoldRules NONE = new HoldRules(Map.of());

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static HoldRules parse(Map<String, Object> section) {
        if (section == null || section.isEmpty()) {
            return NONE;
        }
        Map<Kind, CountOrShare> limits = new EnumMap<>(Kind.class);
        section.forEach((key, value) -> {
            Kind kind = Stream.of(Kind.values()).filter(k -> k.setting().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("holds." + key + " is not a kind of change Roster holds"
                            + " (known: " + Stream.of(Kind.values()).map(Kind::setting).collect(Collectors.joining(", ")) + ")"));
            if (value == null) {
                throw new IllegalArgumentException("holds." + key + " needs a count like 10 or a share like 5%");
            }
            limits.put(kind, CountOrShare.parse(value.toString(), "holds." + key));
        });
        return new HoldRules(Map.copyOf(limits));
    }

    public boolean any() {
        return !limits.isEmpty();
    }

    /** These rules, with {@code limit} for {@code kind} where the job file sets none (a target's own safe default). */
    public HoldRules orElse(Kind kind, CountOrShare limit) {
        if (limits.containsKey(kind)) {
            return this;
        }
        Map<Kind, CountOrShare> all = new EnumMap<>(Kind.class);
        all.putAll(limits);
        all.put(kind, limit);
        return new HoldRules(Map.copyOf(all));
    }
}
