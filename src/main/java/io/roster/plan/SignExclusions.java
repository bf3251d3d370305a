package io.roster.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Sign users a job never touches, whatever its rules say ({@code sign.user_sync} in the job file, as the User Sync
 * Tool names them):
 * <pre>
 *   exclude_users: ['.*@partner\.example', 'svc-.*']   # whole address, any case (regular expressions)
 *   exclude_groups: [Contractors]                       # Sign groups: a member of any is left alone
 *   keep_hand_made_admins: true                         # the default
 * </pre>
 * {@code keep_hand_made_admins}: an account admin Roster never made one (no write of Roster's gave the role) keeps the
 * role: not demoted or deactivated as Sign-only, and not demoted when in the source with no rule giving the role.
 * Someone made them admin by hand, and a sync that cannot tell them from a stranger must not take the role away.
 */
public record SignExclusions(List<Pattern> users, Set<String> groups, boolean keepHandMadeAdmins) {

    public static final SignExclusions NONE = new SignExclusions(List.of(), Set.of(), true);

    static SignExclusions parse(Object users, Object groups, Object keepHandMadeAdmins) {
        List<Pattern> patterns = new ArrayList<>();
        for (String p : strings(users, "exclude_users")) {
            try {
                patterns.add(Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("user_sync.exclude_users: '" + p + "' is not a regular expression: "
                        + e.getDescription());
            }
        }
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(strings(groups, "exclude_groups"));
        boolean keep = true;
        if (keepHandMadeAdmins != null) {
            String v = keepHandMadeAdmins.toString().strip().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("user_sync.keep_hand_made_admins must be true or false, not '"
                        + keepHandMadeAdmins + "'");
            }
            keep = v.equals("true");
        }
        return new SignExclusions(List.copyOf(patterns), names, keep);
    }

    private static List<String> strings(Object value, String key) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new IllegalArgumentException("user_sync." + key + " must be a list of texts; '" + o + "' is not one");
                }
                out.add(s);
            }
            return out;
        }
        throw new IllegalArgumentException("user_sync." + key + " must be a list of texts, not '" + value + "'");
    }

    /** Why this person or Sign user is excluded, or null when they are not. {@code user}: as Sign holds them, or null. */
    public String why(String email, SignUser user) {
        for (Pattern p : users) {
            if (p.matcher(email).matches()) {
                return "excluded by user_sync.exclude_users ('" + p.pattern() + "')";
            }
        }
        if (user != null && !groups.isEmpty()) {
            for (SignUser.Membership m : user.memberships()) {
                if (m.groupName() != null && groups.contains(m.groupName())) {
                    return "in Sign group '" + m.groupName() + "', excluded by user_sync.exclude_groups";
                }
            }
        }
        return null;
    }
}
