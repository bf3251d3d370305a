package io.roster.plan;

import io.roster.mapping.Emails;
import io.roster.mapping.Person;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Entra ID needs: each person matched to one Entra user by their email (against {@code mail},
 * {@code userPrincipalName} or {@code proxyAddresses}, any case), and the mapped attributes whose values differ. A
 * person no user or two users match, or whose user is mastered on-premises, is refused with the reason. An attribute
 * the source leaves empty where Entra has a value is set to "" here: a clearing, which the writer holds until the
 * removals policy has judged the whole read.
 */
public final class EntraPlanner {

    /**
     * One user's attributes to set; {@code before}: what Entra held in them; {@code door}: how they are written.
     */
    public record Change(String key, String email, String userId, String userPrincipalName, Map<String, String> set,
                         Map<String, String> before, String rows, Door door) {
        public boolean clears() {
            return set.values().stream().anyMatch(String::isEmpty);
        }

        /** The user's entry in on-premises AD when the change is written there, else null. */
        public String directoryDn() {
            return door instanceof Directory d ? d.dn() : null;
        }

        /** The same user and door, other attributes. */
        public Change with(Map<String, String> set, Map<String, String> before) {
            return new Change(key, email, userId, userPrincipalName, set, before, rows, door);
        }
    }

    /** How a change reaches Entra ID. */
    public sealed interface Door permits Graph, Directory, Provisioning {
        /** A door Entra shows only later: its values are remembered as sent until Entra shows them. */
        default boolean later() {
            return !(this instanceof Graph);
        }
    }

    /** Microsoft Graph writes it now (a cloud user). */
    public record Graph() implements Door {
    }

    public static final Door GRAPH = new Graph();

    /** Written to the user's entry in on-premises AD over LDAP; Entra Connect brings it up. */
    public record Directory(String dn) implements Door {
    }

    /**
     * Sent to the API-driven inbound provisioning app as a whole record: {@code externalId}, the value the app finds
     * the user by, and {@code current}, every mapped attribute as it stands (so an attribute a record leaves out is
     * never taken as emptied, whatever the app makes of a missing one).
     */
    public record Provisioning(String externalId, Map<String, String> current) implements Door {
    }

    /** A person not written, and why. */
    public record Refusal(String key, String email, String rows, String reason, Map<String, String> fields) {
    }

    /**
     * {@code unchanged}: the keys of people whose user already holds what the source gives; {@code waiting}: of those,
     * people whose values were sent through a later door recently and do not show in Entra yet; {@code resent}: changes
     * sent again because what was sent earlier still does not show, past the wait.
     */
    public record Plan(List<Change> changes, List<String> unchanged, List<Refusal> refused, int waiting, int resent) {
        public Plan(List<Change> changes, List<String> unchanged, List<Refusal> refused) {
            this(changes, unchanged, refused, 0, 0);
        }
    }

    /**
     * The attributes Entra Connect brings up from on-premises AD, by their Entra name → their AD name (Microsoft's
     * default attribute flow): what the directory door can write.
     */
    public static final Map<String, String> ON_PREMISES = Map.ofEntries(Map.entry("givenName", "givenName"),
            Map.entry("surname", "sn"), Map.entry("displayName", "displayName"), Map.entry("jobTitle", "title"),
            Map.entry("department", "department"), Map.entry("companyName", "company"),
            Map.entry("officeLocation", "physicalDeliveryOfficeName"), Map.entry("businessPhones", "telephoneNumber"),
            Map.entry("mobilePhone", "mobile"), Map.entry("faxNumber", "facsimileTelephoneNumber"),
            Map.entry("streetAddress", "streetAddress"), Map.entry("city", "l"), Map.entry("state", "st"),
            Map.entry("postalCode", "postalCode"), Map.entry("country", "co"), Map.entry("employeeId", "employeeID"),
            Map.entry("employeeType", "employeeType"), Map.entry("extensionAttribute1", "extensionAttribute1"),
            Map.entry("extensionAttribute2", "extensionAttribute2"), Map.entry("extensionAttribute3", "extensionAttribute3"),
            Map.entry("extensionAttribute4", "extensionAttribute4"), Map.entry("extensionAttribute5", "extensionAttribute5"),
            Map.entry("extensionAttribute6", "extensionAttribute6"), Map.entry("extensionAttribute7", "extensionAttribute7"),
            Map.entry("extensionAttribute8", "extensionAttribute8"), Map.entry("extensionAttribute9", "extensionAttribute9"),
            Map.entry("extensionAttribute10", "extensionAttribute10"),
            Map.entry("extensionAttribute11", "extensionAttribute11"),
            Map.entry("extensionAttribute12", "extensionAttribute12"),
            Map.entry("extensionAttribute13", "extensionAttribute13"),
            Map.entry("extensionAttribute14", "extensionAttribute14"),
            Map.entry("extensionAttribute15", "extensionAttribute15"));

    /**
     * A value as Graph gives it back: {@code employeeHireDate} is a date-time in UTC ("2021-03-01T00:00:00Z"), so a
     * source date ("2021-03-01") or an offset is written and compared in that form, not rewritten every run.
     */
    static String normalised(String field, String value) {
        if (!field.equals("employeeHireDate") || value.isEmpty()) {
            return value;
        }
        try {
            return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString();
        } catch (java.time.format.DateTimeParseException notADate) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant().toString();
            } catch (java.time.format.DateTimeParseException notADateTime) {
                return value; // Graph says what it makes of it: the person becomes a dead letter with its reason
            }
        }
    }

    /** Sends of one value through a later door that Entra still does not show, after which the person is a dead letter. */
    static final int MAX_SENDS = 3;

    /** Entra ID takes at most this many characters in an extension attribute. */
    static final int EXTENSION_MAX = 1024;

    /** A value Graph would refuse, said before anything is sent; null when all are fine. */
    private static String tooLong(Map<String, String> fields) {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getKey().startsWith("extensionAttribute") && f.getValue() != null
                    && f.getValue().length() > EXTENSION_MAX) {
                return f.getKey() + " is " + f.getValue().length() + " characters; Entra ID takes at most " + EXTENSION_MAX;
            }
        }
        return null;
    }

    private static String notOnPremises(Collection<String> attributes) {
        List<String> missing = attributes.stream().filter(a -> !ON_PREMISES.containsKey(a)).sorted().toList();
        return missing.isEmpty() ? null : "; " + String.join(", ", missing) + " has no on-premises AD attribute Entra"
                + " Connect brings up";
    }

    /** Who has each address, as the job's rules match: lowercased address → users (by id, each once). */
    public static Map<String, List<EntraUser>> index(Collection<EntraUser> users, EntraRules rules) {
        Map<String, List<EntraUser>> out = new HashMap<>();
        for (EntraUser u : users) {
            Set<String> addresses = new LinkedHashSet<>();
            if (rules.match().contains("mail") && u.mail() != null) {
                addresses.add(Emails.key(u.mail()));
            }
            if (rules.match().contains("userPrincipalName") && u.userPrincipalName() != null) {
                addresses.add(Emails.key(u.userPrincipalName()));
            }
            if (rules.match().contains("proxyAddresses")) {
                for (String p : u.proxyAddresses()) {
                    int colon = p.indexOf(':'); // "SMTP:primary@…", "smtp:alias@…"; other kinds (x500:, sip:) are not mail
                    if (colon > 0 && p.substring(0, colon).equalsIgnoreCase("smtp")) {
                        addresses.add(Emails.key(p.substring(colon + 1)));
                    }
                }
            }
            addresses.forEach(a -> out.merge(a, List.of(u), EntraPlanner::both)); // one user an address, mostly
            if (rules.synced() == EntraRules.Synced.PROVISIONING && u.synced() && !externalId(u, rules.provisioning())
                    .isEmpty()) {
                // who else has the value the provisioning app finds this user by (no address can start with NUL)
                out.merge(KEYED + externalId(u, rules.provisioning()), List.of(u), EntraPlanner::both);
            }
        }
        return out;
    }

    private static List<EntraUser> both(List<EntraUser> had, List<EntraUser> more) {
        List<EntraUser> out = new ArrayList<>(had);
        out.addAll(more);
        return out;
    }

    /** The index's keys for the provisioning app's matching values, apart from the addresses. */
    private static final String KEYED = "\u0000externalId:";

    /** {@code taken}: for the whole run, each user id matched so far → the email of the person who matched it. */
    public Plan plan(Collection<Person> people, Map<String, List<EntraUser>> index, EntraRules rules,
                     Map<String, String> taken) {
        return plan(people, index, rules, taken, Instant.MAX);
    }

    /**
     * As above; a value sent through a later door ({@link Door#later}) after {@code resendBefore} that Entra does not
     * show yet is waited for, not sent again; one sent before it is sent again.
     */
    public Plan plan(Collection<Person> people, Map<String, List<EntraUser>> index, EntraRules rules,
                     Map<String, String> taken, Instant resendBefore) {
        int waiting = 0;
        int resent = 0;
        List<Change> changes = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (Person p : people) {
            List<EntraUser> candidates = index.getOrDefault(p.key(), List.of());
            if (candidates.isEmpty()) {
                refused.add(new Refusal(p.key(), p.email(), p.rows(), "no Entra ID user has " + p.email() + " as its "
                        + String.join(", ", rules.match()) + " (Roster never creates Entra users)", p.fields()));
                continue;
            }
            if (candidates.size() > 1) {
                refused.add(new Refusal(p.key(), p.email(), p.rows(), candidates.size() + " Entra ID users match "
                        + p.email() + ": " + candidates.stream().map(EntraUser::userPrincipalName)
                        .collect(Collectors.joining(", ")) + "; nothing was written to either", p.fields()));
                continue;
            }
            String tooLong = tooLong(p.fields());
            if (tooLong != null) {
                refused.add(new Refusal(p.key(), p.email(), p.rows(), tooLong, p.fields()));
                continue;
            }
            EntraUser u = candidates.get(0);
            String earlier = taken.putIfAbsent(u.id(), p.email());
            if (earlier != null) {
                refused.add(new Refusal(p.key(), p.email(), p.rows(), p.email() + " and " + earlier + " both match Entra"
                        + " ID user " + u.userPrincipalName() + "; only the first is written", p.fields()));
                continue;
            }
            Map<String, String> set = new LinkedHashMap<>();
            Map<String, String> before = new LinkedHashMap<>();
            Map<String, String> standing = new LinkedHashMap<>(); // each mapped attribute as Entra has it or soon will
            boolean waits = false;
            boolean again = false;
            String lost = null;
            for (Map.Entry<String, String> f : p.fields().entrySet()) {
                String want = normalised(f.getKey(), f.getValue() == null ? "" : f.getValue());
                String have = u.values().getOrDefault(f.getKey(), "");
                standing.put(f.getKey(), have);
                if (want.equals(have)) {
                    continue;
                }
                EntraUser.Sent sent = u.sent().get(f.getKey());
                if (sent != null && sent.value().equals(want) && sent.was().equals(have)) {
                    if (sent.at().isAfter(resendBefore)) {
                        waits = true; // sent through a later door; Entra shows it after its next cycle
                        standing.put(f.getKey(), want);
                        continue;
                    }
                    if (sent.sends() >= MAX_SENDS) {
                        lost = f.getKey() + " '" + want + "' was sent " + sent.sends() + " times, last at " + sent.at()
                                + ", and Entra ID still shows '" + have + "'";
                    }
                    again = true;
                }
                set.put(f.getKey(), want);
                before.put(f.getKey(), have);
            }
            if (set.isEmpty()) {
                unchanged.add(p.key());
                waiting += waits ? 1 : 0;
                continue;
            }
            if (lost != null) {
                refused.add(new Refusal(p.key(), p.email(), p.rows(), u.userPrincipalName() + ": " + lost + " (check"
                        + " Entra Connect, or the provisioning app's provisioning logs, its attribute mapping and, for"
                        + " an emptied value, its Flow null values setting); not sent again", p.fields()));
                continue;
            }
            Door door = GRAPH;
            if (u.synced()) {
                String why = switch (rules.synced()) {
                    case REPORT -> "; change " + String.join(", ", set.keySet()) + " in on-premises AD, or set"
                            + " entra.synced: directory (Roster writes it there over LDAP) or provisioning (through"
                            + " Entra's API-driven inbound provisioning)";
                    case DIRECTORY -> u.onPremisesDistinguishedName() == null
                            ? "; Graph gives no onPremisesDistinguishedName for it" : notOnPremises(set.keySet());
                    case PROVISIONING -> notProvisioned(u, set.keySet(), rules.provisioning(),
                            index.getOrDefault(KEYED + externalId(u, rules.provisioning()), List.of(u)).size());
                };
                if (why != null) {
                    refused.add(new Refusal(p.key(), p.email(), p.rows(), u.userPrincipalName() + " is synced from"
                            + " on-premises Active Directory (onPremisesSyncEnabled): Graph refuses writes to its"
                            + " attributes" + why, p.fields()));
                    continue;
                }
                door = rules.synced() == EntraRules.Synced.DIRECTORY ? new Directory(u.onPremisesDistinguishedName())
                        : new Provisioning(externalId(u, rules.provisioning()), standing);
            }
            resent += again ? 1 : 0;
            changes.add(new Change(p.key(), p.email(), u.id(), u.userPrincipalName(), set, before, p.rows(), door));
        }
        return new Plan(changes, unchanged, refused, waiting, resent);
    }

    /** The value the provisioning app finds this user by: its attribute the app matches externalId with. */
    static String externalId(EntraUser u, EntraRules.Provisioning p) {
        String v = switch (p.match()) {
            case "userPrincipalName" -> u.userPrincipalName();
            case "mail" -> u.mail();
            default -> u.values().get(p.match());
        };
        return v == null ? "" : v;
    }

    /** Why the provisioning door cannot take this change; null when it can. */
    static String notProvisioned(EntraUser u, Collection<String> attributes, EntraRules.Provisioning p, int sharing) {
        if (externalId(u, p).isEmpty()) {
            return "; it has no " + p.match() + " in Entra ID, which the provisioning app matches externalId with:"
                    + " sent without one, the app would create a new user (set " + p.match() + " in on-premises AD)";
        }
        if (sharing > 1) {
            return "; " + sharing + " synced users have " + p.match() + " '" + externalId(u, p) + "', by which the"
                    + " provisioning app finds a user: it could update the wrong one, so none is sent";
        }
        if (attributes.contains(p.match())) {
            return "; " + p.match() + " is how the provisioning app finds the user, so Roster does not change it"
                    + " through the app (change it in on-premises AD)";
        }
        return null;
    }
}
