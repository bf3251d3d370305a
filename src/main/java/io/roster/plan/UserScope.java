package io.roster.plan;

import io.roster.mapping.Person;
import io.roster.source.GroupNames;

import java.util.List;
import java.util.Locale;

/**
 * Which source people a Sign sync considers, as the User Sync Tool's {@code users} option:
 * {@code all}, {@code mapped} (only people in a directory group named by a rule; the default), or
 * {@code group Sales, Marketing}. Sign users outside the scope count as Sign-only.
 */
public record UserScope(Kind kind, List<String> groups) {

    public enum Kind { ALL, MAPPED, GROUP }

    public static UserScope parse(String value) {
        String v = value == null ? "mapped" : value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.equals("all")) {
            return new UserScope(Kind.ALL, List.of());
        }
        if (lower.equals("mapped")) {
            return new UserScope(Kind.MAPPED, List.of());
        }
        if (lower.startsWith("group ") || lower.startsWith("group:")) {
            List<String> groups = GroupNames.split(v.substring(6));
            if (!groups.isEmpty()) {
                return new UserScope(Kind.GROUP, groups);
            }
        }
        throw new IllegalArgumentException("users '" + v + "' must be all, mapped, or 'group <g1>,<g2>'");
    }

    boolean includes(Person p, List<UserManagementRule> rules) {
        return switch (kind) {
            case ALL -> true;
            case MAPPED -> rules.stream().anyMatch(r -> p.inGroup(r.directoryGroup()));
            case GROUP -> groups.stream().anyMatch(p::inGroup);
        };
    }

    /** As the job file writes it: all, mapped, or group Sales, Marketing. */
    @Override
    public String toString() {
        return kind == Kind.GROUP ? "group " + String.join(", ", groups) : kind.name().toLowerCase(Locale.ROOT);
    }
}
