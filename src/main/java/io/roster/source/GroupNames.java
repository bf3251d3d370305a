package io.roster.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A list of group names in one text value, as the User Sync Tool's CSV {@code groups} column holds it: names separated
 * by commas. A name that itself contains a comma is written with {@code \,} (and a backslash before a comma as
 * {@code \\}); the LDAP source writes names so, and a CSV or a {@code users: group …} scope may too. Any other
 * backslash is kept as it is, so lists written before this escape read as they always did.
 */
public final class GroupNames {

    private GroupNames() {
    }

    /** The names in a comma-separated list, stripped, empty ones left out. */
    public static List<String> split(String value) {
        List<String> names = new ArrayList<>();
        if (value == null) {
            return names;
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && (value.charAt(i + 1) == ',' || value.charAt(i + 1) == '\\')) {
                name.append(value.charAt(++i));
            } else if (c == ',') {
                add(names, name);
            } else {
                name.append(c);
            }
        }
        add(names, name);
        return names;
    }

    /** The names as one list {@link #split} reads back. */
    public static String join(Collection<String> names) {
        return names.stream().map(n -> n.replace("\\", "\\\\").replace(",", "\\,")).collect(Collectors.joining(","));
    }

    private static void add(List<String> names, StringBuilder name) {
        String n = name.toString().strip();
        if (!n.isEmpty()) {
            names.add(n);
        }
        name.setLength(0);
    }
}
