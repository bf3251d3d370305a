package io.roster.targets.sign;

import io.roster.targets.http.TargetCallSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Sign accounts and how Roster calls them ({@code roster.sign.*}). */
@ConfigMapping(prefix = "roster.sign")
public interface SignSettings extends TargetCallSettings {
    /** Sign accounts by key; {@code primary} is the one rules address without an {@code org::} prefix. */
    Map<String, Org> orgs();

    /** Page size for Sign's list calls. */
    @WithName("page-size")
    @WithDefault("1000")
    int pageSize();

    /** Writes in flight at once, per job (Sign throttles per account; keep this modest). */
    @WithDefault("8")
    int concurrency();

    /**
     * Sign's user lists show no status and no primary group: Roster remembers what it read (GET users/{id}) or
     * wrote, and reads each user again within this window, spread over its runs, to find changes made in Sign.
     */
    @WithName("recheck-window")
    @WithDefault("24h")
    Duration recheckWindow();

    interface Org {
        /** Where the account's API lives; a regional shard, or a simulator. {@code /api/rest/v6/baseUris} is asked first. */
        @WithName("base-url")
        @WithDefault("https://api.echosign.com")
        String baseUrl();

        /** The integration key (scopes user_read, user_write). A secret: set it from the environment. */
        @WithName("integration-key")
        Optional<String> integrationKey();

        /** The email of the admin who owns the key; Roster never changes that user. */
        @WithName("admin-email")
        Optional<String> adminEmail();

        /** Create source people who are not in Sign. */
        @WithName("create-users")
        @WithDefault("true")
        boolean createUsers();

        /** Allow sign_only_user_action: deactivate to deactivate users in this account. */
        @WithName("deactivate-users")
        @WithDefault("false")
        boolean deactivateUsers();

        /**
         * The account has users in multiple groups (UMG, Business and Enterprise accounts): a person gets every group
         * their rules name, the first rule's as primary, and is group admin per group. Off: one group, as the User
         * Sync Tool does. A job file's {@code user_sync.umg: true} turns it on for every account of that job.
         */
        @WithName("multiple-groups")
        @WithDefault("false")
        boolean multipleGroups();

        /**
         * The most requests to this account per window, e.g. {@code 600/1m}, shared by every job and replica through
         * the state database (Adobe limits an account's calls per minute). Unset: no shared budget.
         */
        @WithName("request-budget")
        Optional<String> requestBudget();
    }

}
