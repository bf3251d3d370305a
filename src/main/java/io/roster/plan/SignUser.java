package io.roster.plan;

import io.roster.mapping.Nfc;

import java.util.List;

/**
 * A user as Sign has them, assembled from the paged user list and the per-group member lists.
 *
 * @param firstName   names in Unicode NFC, as Roster compares and writes them, whichever form Sign holds them in (a name
 *                    that differs from the source's only in form is no change); normalised here, while the account is
 *                    read beside the source, rather than per comparison
 * @param status      ACTIVE, INACTIVE, CREATED or UNVERIFIED
 * @param memberships the groups the user is in; exactly one is primary
 */
public record SignUser(String id, String email, String firstName, String lastName, String company,
                       boolean accountAdmin, String status, List<Membership> memberships) {

    public SignUser {
        firstName = Nfc.of(firstName);
        lastName = Nfc.of(lastName);
        company = Nfc.of(company);
    }

    public static final String ACTIVE = "ACTIVE";
    public static final String INACTIVE = "INACTIVE";

    public boolean inactive() {
        return INACTIVE.equalsIgnoreCase(status);
    }

    public Membership primary() {
        for (Membership m : memberships) {
            if (m.primary()) {
                return m;
            }
        }
        return memberships.isEmpty() ? null : memberships.get(0);
    }

    public String profileField(String field) {
        return switch (field) {
            case "firstName" -> firstName;
            case "lastName" -> lastName;
            case "company" -> company;
            default -> null;
        };
    }

    /** A user's place in one group. */
    public record Membership(String groupId, String groupName, boolean groupAdmin, boolean primary) {
    }
}
