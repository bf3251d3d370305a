package io.roster.targets.entra;

import io.roster.config.JobConfigException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The Entra ID user attributes a job file may map, as Microsoft Graph's user resource names them: the standard ones
 * signature tools read, and {@code extensionAttribute1–15} (Graph's {@code onPremisesExtensionAttributes}). Anything
 * else is refused before a run reads anything, naming it: an attribute Graph does not have, or one Roster never writes
 * (how people are matched, the account's identity and state).
 */
public final class EntraAttributes {

    /** Standard attributes, as Graph spells them; {@code businessPhones} holds one number (Graph allows one). */
    public static final List<String> STANDARD = List.of("givenName", "surname", "displayName", "jobTitle", "department",
            "companyName", "officeLocation", "businessPhones", "mobilePhone", "faxNumber", "streetAddress", "city",
            "state", "postalCode", "country", "employeeId", "employeeType", "employeeHireDate");

    public static final List<String> EXTENSIONS = IntStream.rangeClosed(1, 15).mapToObj(i -> "extensionAttribute" + i)
            .toList();

    /** Attributes Roster reads to match people or to judge a user, and never writes. */
    private static final Map<String, String> NEVER_WRITTEN = Map.of(
            "mail", "it is how people are matched",
            "userPrincipalName", "it is the user's sign-in name, how people are matched",
            "proxyAddresses", "it is how people are matched",
            "id", "it is the user's identity",
            "accountEnabled", "Roster never enables or disables Entra users",
            "onPremisesSyncEnabled", "it says where the user is mastered",
            "onPremisesDistinguishedName", "it says where the user is mastered",
            "onPremisesExtensionAttributes", "map extensionAttribute1–15 one by one");

    /** The mapping's key for the person's email: matched, never written. */
    public static final String EMAIL = "email";

    private EntraAttributes() {
    }

    /** Every attribute of the mapping is one Roster writes; else an error naming it and what to write instead. */
    public static void check(String job, Collection<String> mapped) {
        Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        known.addAll(STANDARD);
        known.addAll(EXTENSIONS);
        for (String field : mapped) {
            if (field.equals(EMAIL) || STANDARD.contains(field) || EXTENSIONS.contains(field)) {
                continue;
            }
            String why = NEVER_WRITTEN.get(field);
            if (why != null) {
                throw new JobConfigException("job " + job + ": mapping: '" + field + "' is not written to Entra ID: "
                        + why);
            }
            String exact = known.contains(field) ? canonical(field) : null;
            throw new JobConfigException("job " + job + ": mapping: '" + field + "' is not an Entra ID user attribute"
                    + " Roster writes" + (exact != null ? "; did you mean " + exact + "?" : "")
                    + " (" + String.join(", ", STANDARD) + ", extensionAttribute1–15)");
        }
    }

    private static String canonical(String field) {
        String lower = field.toLowerCase(Locale.ROOT);
        return STANDARD.stream().filter(s -> s.toLowerCase(Locale.ROOT).equals(lower)).findFirst()
                .orElseGet(() -> EXTENSIONS.stream().filter(s -> s.toLowerCase(Locale.ROOT).equals(lower)).findFirst()
                        .orElse(null));
    }

    /** The {@code $select} a job reads users with: its mapped attributes, and the one a provisioning app matches by. */
    public static String select(io.roster.job.JobSpec spec) {
        Set<String> read = new TreeSet<>(spec.mapping().fields().keySet());
        read.addAll(ScimRecords.read(spec.entra()));
        return select(read);
    }

    /** The {@code $select} that reads what matching and these mapped attributes need, and nothing more. */
    public static String select(Collection<String> mapped) {
        Set<String> out = new TreeSet<>(List.of("id", "userPrincipalName", "mail", "proxyAddresses",
                "onPremisesSyncEnabled", "onPremisesDistinguishedName"));
        for (String f : mapped) {
            if (STANDARD.contains(f)) {
                out.add(f);
            } else if (EXTENSIONS.contains(f)) {
                out.add("onPremisesExtensionAttributes");
            }
        }
        return String.join(",", out);
    }

    /**
     * The body of a {@code PATCH /users/{id}} that sets these fields: an empty value clears the attribute (null, or
     * no phone), extension attributes nest under {@code onPremisesExtensionAttributes}.
     */
    public static Map<String, Object> patchBody(Map<String, String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> extensions = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            boolean empty = v == null || v.isEmpty();
            if (EXTENSIONS.contains(k)) {
                extensions.put(k, empty ? null : v);
            } else if (k.equals("businessPhones")) {
                body.put(k, empty ? List.of() : List.of(v));
            } else {
                body.put(k, empty ? null : v);
            }
        });
        if (!extensions.isEmpty()) {
            body.put("onPremisesExtensionAttributes", extensions);
        }
        return body;
    }
}
