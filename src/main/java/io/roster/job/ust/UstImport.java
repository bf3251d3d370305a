package io.roster.job.ust;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import io.roster.source.ldap.LdapSourceSpec;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The User Sync Tool's sign-sync configuration ({@code sign-sync-config.yml} with its {@code connector-sign.yml} per
 * Sign account and its {@code connector-ldap.yml} or {@code connector-csv.yml}), as one of Roster's two Sign jobs: the
 * job file ({@code ldap-to-sign} or {@code csv-to-sign}) and the settings it needs. Every key UST reads is either
 * carried over, or named with what to do instead; a key UST itself would refuse is refused. Secrets are never read
 * from UST's files: each is named with the environment variable (or Secret) that carries it to Roster.
 *
 * @param job      the job: ldap-to-sign or csv-to-sign
 * @param jobFile  its job file, as YAML
 * @param settings the roster.* settings it needs (no secret among them)
 * @param secrets  the environment variables to set, each with what it holds
 * @param notes    what was not carried over, and why (said once each)
 */
public record UstImport(String job, String jobFile, Map<String, String> settings, List<String> secrets,
                        List<String> notes) {

    /** UST's group lookup when its LDAP connector names none (directory_ldap.py's default). */
    static final String UST_GROUP_FILTER =
            "(&(|(objectCategory=group)(objectClass=groupOfNames)(objectClass=posixGroup))(cn={group}))";

    /** The directory an LDAP identity source becomes (roster.directories.ust.*). */
    public static final String DIRECTORY = "ust";

    private static final Set<String> TOP = Set.of("sign_orgs", "identity_source", "user_sync", "user_management",
            "connection", "cache", "logging", "invocation_defaults", "primary_group_rules");
    /** A rule's keys: UST's, with 2.11's for users in multiple groups (a list of sign groups, admin_groups). */
    private static final Set<String> RULE = Set.of("directory_group", "sign_group", "group_admin", "account_admin",
            "admin_groups");
    /** user_sync keys: UST's (umg: users in multiple groups, 2.11), and Roster's own additions. */
    private static final Set<String> USER_SYNC = Set.of("sign_only_limit", "sign_only_user_action", "exclude_users",
            "exclude_groups", "keep_hand_made_admins", "umg", "remove_other_groups");

    /** Reads the sign-sync configuration and the files it names. */
    public static UstImport read(Path signSyncConfig) {
        return new Reader().read(signSyncConfig);
    }

    /** The settings as a properties file: the settings, then the secrets to set, as comments. */
    public String propertiesFile(String origin) {
        StringBuilder out = new StringBuilder("# Roster settings imported from the User Sync Tool's " + origin
                + " (roster import-ust).\n# Secrets are not here: set them in the environment (or a Secret):\n");
        secrets.forEach(s -> out.append("#   ").append(s).append('\n'));
        settings.forEach((k, v) -> out.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return out.toString();
    }

    /** The translation, collecting every problem before it gives up. */
    private static final class Reader {
        private final List<String> errors = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<String> secrets = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, Object> job = new LinkedHashMap<>();
        private String jobName;

        UstImport read(Path config) {
            UstYaml main = UstYaml.read(config, errors);
            if (main == null) {
                throw new UstConfigException(errors);
            }
            Map<String, UstYaml.Entry> top = main.entries(main.root);
            unknown(main, top, TOP, "sign-sync-config.yml");
            Map<String, Object> sign = new LinkedHashMap<>();
            required(main, top, "sign_orgs").ifPresent(e -> signOrgs(main, e));
            required(main, top, "identity_source").ifPresent(e -> identitySource(main, e));
            userSync(main, top.get("user_sync"), sign);
            required(main, top, "user_management").ifPresent(e -> userManagement(main, e, sign));
            if (top.containsKey("connection")) {
                connection(main, top.get("connection"));
            }
            if (top.containsKey("cache")) {
                notes.add(main.at(top.get("cache").keyNode()) + ": cache is not used: Roster keeps its state in its"
                        + " own database and reads Sign afresh each run, within Adobe's limits (If-None-Match)");
            }
            if (top.containsKey("logging")) {
                notes.add(main.at(top.get("logging").keyNode()) + ": logging is not used: Roster logs to standard error"
                        + " (JSON with QUARKUS_LOG_CONSOLE_JSON_ENABLED=true); each run's report is kept in its history");
            }
            if (top.containsKey("primary_group_rules")) {
                errors.add(main.at(top.get("primary_group_rules").keyNode()) + ": primary_group_rules is not read: in"
                        + " Roster a person's primary group is the first group of the highest-priority rule that gives"
                        + " them one, so order user_management (or a rule's sign_group list) to say which comes first");
            }
            if (top.containsKey("invocation_defaults")) {
                invocationDefaults(main, top.get("invocation_defaults"), sign);
            }
            if (!errors.isEmpty() || jobName == null) {
                if (errors.isEmpty()) {
                    errors.add(main.at(main.root) + ": no identity_source: UST's files name connector-ldap.yml or"
                            + " connector-csv.yml there");
                }
                throw new UstConfigException(errors);
            }
            job.put("sign", sign);
            settings.put("roster.jobs", jobName);
            return new UstImport(jobName, jobFile(config),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings)), List.copyOf(secrets),
                    List.copyOf(notes));
        }

        private String jobFile(Path config) {
            DumperOptions o = new DumperOptions();
            o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            o.setIndent(2);
            o.setWidth(120);
            return "# Job \"" + jobName + "\", imported from the User Sync Tool's " + config.getFileName()
                    + " (roster import-ust).\n# Read at the start of every run: edit it as any Roster job file.\n"
                    + new Yaml(o).dump(job);
        }

        private java.util.Optional<UstYaml.Entry> required(UstYaml f, Map<String, UstYaml.Entry> entries, String key) {
            UstYaml.Entry e = entries.get(key);
            if (e == null) {
                errors.add(f.at(f.root) + ": " + key + " is missing (UST requires it too)");
                return java.util.Optional.empty();
            }
            if (e.value() instanceof ScalarNode sc && (sc.getTag().getValue().endsWith(":null") || sc.getValue().isBlank())) {
                errors.add(f.at(e.keyNode()) + ": " + key + " has no value (UST requires one too)");
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(e);
        }

        private void unknown(UstYaml f, Map<String, UstYaml.Entry> entries, Set<String> known, String what) {
            for (UstYaml.Entry e : entries.values()) {
                if (!known.contains(e.key())) {
                    errors.add(f.at(e.keyNode()) + ": " + e.key() + " is not a key of " + what + " (UST refuses it too;"
                            + " known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        // --- sign_orgs and each connector-sign.yml -----------------------------------------------------------------

        private void signOrgs(UstYaml f, UstYaml.Entry e) {
            Map<String, String> orgs = new LinkedHashMap<>();
            if (e.value() instanceof MappingNode m) {
                for (UstYaml.Entry org : f.entries(m).values()) {
                    orgs.put(org.key(), f.scalar(org, errors));
                }
            } else if (e.value() instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
                // the list form UST's own migrate-post-sync writes (and its schema refuses): taken, said once
                notes.add(f.at(e.keyNode()) + ": sign_orgs is a list (as migrate-post-sync writes it); UST 2.10 wants"
                        + " a mapping (primary: connector-sign.yml), Roster takes both");
                for (Node item : s.getValue()) {
                    if (item instanceof MappingNode m) {
                        for (UstYaml.Entry org : f.entries(m).values()) {
                            orgs.put(org.key(), f.scalar(org, errors));
                        }
                    }
                }
            } else {
                errors.add(f.at(e.keyNode()) + ": sign_orgs must map each account's label to its connector file"
                        + " (primary: connector-sign.yml)");
                return;
            }
            if (!orgs.containsKey("primary")) {
                errors.add(f.at(e.keyNode()) + ": sign_orgs has no primary account (UST requires one too; rules without"
                        + " an org:: prefix address it)");
            }
            orgs.forEach((org, file) -> {
                if (!org.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                    errors.add(f.at(e.keyNode()) + ": the account label '" + org + "' must be letters, digits, - or _"
                            + " (it becomes roster.sign.orgs." + org + ".*)");
                } else if (file == null || file.isBlank()) {
                    errors.add(f.at(e.keyNode()) + ": sign_orgs." + org + " names no connector file");
                } else {
                    connectorSign(org, f.resolve(file));
                }
            });
        }

        private void connectorSign(String org, Path file) {
            if (!Files.isReadable(file)) {
                errors.add(file + ": the connector file of Sign account " + org + " cannot be read");
                return;
            }
            UstYaml f = UstYaml.read(file, errors);
            if (f == null) {
                return;
            }
            Map<String, UstYaml.Entry> keys = f.entries(f.root);
            unknown(f, keys, Set.of("host", "admin_email", "create_users", "deactivate_users", "integration_key",
                    "secure_integration_key_key"), "connector-sign.yml");
            String prefix = "roster.sign.orgs." + org + ".";
            required(f, keys, "host").map(h -> f.scalar(h, errors)).ifPresent(host ->
                    settings.put(prefix + "base-url", host.contains("://") ? host : "https://" + host));
            required(f, keys, "admin_email").map(a -> f.scalar(a, errors)).ifPresent(a -> settings.put(prefix + "admin-email", a));
            required(f, keys, "create_users").map(c -> f.bool(c, errors)).ifPresent(c -> settings.put(prefix + "create-users", c.toString()));
            required(f, keys, "deactivate_users").map(d -> f.bool(d, errors)).ifPresent(d -> settings.put(prefix + "deactivate-users", d.toString()));
            String env = "ROSTER_SIGN_ORGS_" + org.toUpperCase(Locale.ROOT).replace('-', '_') + "_INTEGRATION_KEY";
            if (keys.containsKey("integration_key")) {
                notes.add(f.at(keys.get("integration_key").keyNode()) + ": integration_key is not read from the file:"
                        + " set " + env + " (from a Secret) instead, and remove it from the file");
            } else if (keys.containsKey("secure_integration_key_key")) {
                notes.add(f.at(keys.get("secure_integration_key_key").keyNode()) + ": secure_integration_key_key"
                        + " (the OS keyring) is not read: set " + env + " (from a Secret) instead");
            }
            secrets.add(env + ": the integration key of Sign account " + org + " (" + file.getFileName() + ")");
        }

        // --- identity_source and its connector ---------------------------------------------------------------------

        private void identitySource(UstYaml f, UstYaml.Entry e) {
            MappingNode m = f.mapping(e, errors);
            if (m == null) {
                return;
            }
            Map<String, UstYaml.Entry> keys = f.entries(m);
            unknown(f, keys, Set.of("type", "connector"), "identity_source");
            String type = required(f, keys, "type").map(t -> f.scalar(t, errors)).orElse(null);
            String connector = required(f, keys, "connector").map(c -> f.scalar(c, errors)).orElse(null);
            if (type == null || connector == null) {
                return;
            }
            Path file = f.resolve(connector);
            switch (type.strip().toLowerCase(Locale.ROOT)) {
                case "ldap" -> {
                    jobName = "ldap-to-sign";
                    ldap(file);
                }
                case "csv" -> {
                    jobName = "csv-to-sign";
                    csv(file);
                }
                case "okta", "adobe_console" -> errors.add(f.at(keys.get("type").keyNode()) + ": identity_source type "
                        + type + " is not read by Roster: export the people to CSV (type: csv), or read the directory"
                        + " behind it over LDAP (type: ldap)");
                default -> errors.add(f.at(keys.get("type").keyNode()) + ": identity_source type '" + type
                        + "' is not one of UST's (ldap, csv, okta, adobe_console)");
            }
        }

        private void ldap(Path file) {
            if (!Files.isReadable(file)) {
                errors.add(file + ": the LDAP connector file cannot be read");
                return;
            }
            UstYaml f = UstYaml.read(file, errors);
            if (f == null) {
                return;
            }
            Map<String, UstYaml.Entry> k = f.entries(f.root);
            unknown(f, k, Set.of("host", "base_dn", "username", "password", "secure_password_key",
                    "authentication_method", "require_tls_cert", "search_page_size", "all_users_filter",
                    "group_filter_format", "group_member_filter_format", "two_steps_lookup",
                    "dynamic_group_member_attribute", "string_encoding", "user_email_format", "user_given_name_format",
                    "user_surname_format", "user_country_code_format", "user_username_format", "user_domain_format",
                    "user_identity_type", "user_identity_type_format", "logger_name"), "connector-ldap.yml");
            String d = "roster.directories." + DIRECTORY + ".";
            String host = required(f, k, "host").map(h -> f.scalar(h, errors)).orElse(null);
            if (host != null) {
                String url = host.contains("://") ? host : "ldap://" + host;
                settings.put(d + "url", url);
                Boolean requireTls = k.containsKey("require_tls_cert") ? f.bool(k.get("require_tls_cert"), errors) : null;
                if (Boolean.TRUE.equals(requireTls) && url.startsWith("ldap://")) {
                    settings.put(d + "start-tls", "true"); // as UST does: StartTLS when the URL is not ldaps://
                }
                if (!Boolean.TRUE.equals(requireTls) && (url.startsWith("ldaps://") || Boolean.TRUE.equals(requireTls))) {
                    notes.add(f.at(k.containsKey("require_tls_cert") ? k.get("require_tls_cert").keyNode() : f.root)
                            + ": Roster always checks the directory's TLS certificate; if its CA is not in the JVM's"
                            + " trust store, set " + d + "trust-certificates to the CA's PEM file");
                }
            }
            Map<String, Object> ldap = new LinkedHashMap<>();
            ldap.put("directory", DIRECTORY);
            required(f, k, "base_dn").map(b -> f.scalar(b, errors)).ifPresent(b -> ldap.put("base_dn", b));
            String auth = k.containsKey("authentication_method")
                    ? String.valueOf(f.scalar(k.get("authentication_method"), errors)).toLowerCase(Locale.ROOT) : "simple";
            if (!auth.equals("simple") && !auth.equals("anonymous")) {
                errors.add(f.at(k.get("authentication_method").keyNode()) + ": authentication_method " + auth
                        + " is not supported: bind with a service account (simple) over LDAPS or StartTLS");
            }
            if (k.containsKey("username") && !auth.equals("anonymous")) {
                String user = f.scalar(k.get("username"), errors);
                settings.put(d + "bind-dn", user);
                String env = "ROSTER_DIRECTORIES_" + DIRECTORY.toUpperCase(Locale.ROOT) + "_PASSWORD";
                secrets.add(env + ": the password of " + user + " (" + file.getFileName() + ")");
                for (String secret : List.of("password", "secure_password_key")) {
                    if (k.containsKey(secret)) {
                        notes.add(f.at(k.get(secret).keyNode()) + ": " + secret + " is not read from the file: set "
                                + env + " (from a Secret) instead" + (secret.equals("password")
                                ? ", and remove it from the file" : ""));
                    }
                }
            }
            if (k.containsKey("search_page_size")) {
                String size = f.scalar(k.get("search_page_size"), errors);
                if ("0".equals(size)) {
                    notes.add(f.at(k.get("search_page_size").keyNode()) + ": search_page_size 0 (no paging): Roster"
                            + " always pages, 1,000 entries a page (AD's MaxPageSize)");
                } else if (size != null && size.matches("\\d+")) {
                    settings.put(d + "page-size", size);
                } else {
                    errors.add(f.at(k.get("search_page_size").keyNode()) + ": search_page_size must be a number");
                }
            }
            if (k.containsKey("all_users_filter")) {
                String filter = f.scalar(k.get("all_users_filter"), errors);
                if (filter != null && !filter.strip().equals(LdapSourceSpec.AD_ACTIVE_USERS)) {
                    ldap.put("user_filter", filter.strip());
                }
            }
            Map<String, Object> groups = new LinkedHashMap<>();
            groupFilter(f, k.get("group_filter_format"), groups);
            groupMembers(f, k.get("group_member_filter_format"), k.get("two_steps_lookup"), groups);
            if (!groups.isEmpty()) {
                ldap.put("groups", groups);
            }
            for (String unsupported : List.of("dynamic_group_member_attribute")) {
                if (k.containsKey(unsupported)) {
                    errors.add(f.at(k.get(unsupported).keyNode()) + ": " + unsupported + " is for UMAPI's additional"
                            + " groups, not Sign sync: remove it");
                }
            }
            if (k.containsKey("string_encoding")) {
                String enc = String.valueOf(f.scalar(k.get("string_encoding"), errors)).toLowerCase(Locale.ROOT);
                if (!enc.replace("-", "").equals("utf8")) {
                    errors.add(f.at(k.get("string_encoding").keyNode()) + ": string_encoding " + enc + ": LDAP strings"
                            + " are UTF-8; remove it");
                }
            }
            for (String unused : List.of("user_country_code_format", "user_username_format", "user_domain_format",
                    "user_identity_type", "user_identity_type_format", "logger_name")) {
                if (k.containsKey(unused)) {
                    notes.add(f.at(k.get(unused).keyNode()) + ": " + unused + " is not used by Sign sync (nor by UST's"
                            + " sign-sync): ignored");
                }
            }
            job.put("ldap", ldap);
            Map<String, Object> mapping = new LinkedHashMap<>();
            mapping.put("email", format(f, k, "user_email_format", "{mail}"));
            mapping.put("firstName", format(f, k, "user_given_name_format", "{givenName}"));
            mapping.put("lastName", format(f, k, "user_surname_format", "{sn}"));
            mapping.put("groups", "{groups}");
            job.put("mapping", mapping);
        }

        /** UST's group lookup filter ("…(cn={group})") as Roster's group filter and name attribute. */
        private void groupFilter(UstYaml f, UstYaml.Entry e, Map<String, Object> groups) {
            String text = e == null ? UST_GROUP_FILTER : f.scalar(e, errors);
            if (text == null) {
                return;
            }
            try {
                Filter filter = Filter.create(text.strip());
                List<Filter> parts = filter.getFilterType() == Filter.FILTER_TYPE_AND
                        ? List.of(filter.getComponents()) : List.of(filter);
                Filter name = parts.stream().filter(p -> p.getFilterType() == Filter.FILTER_TYPE_EQUALITY
                        && "{group}".equals(p.getAssertionValue())).findFirst().orElse(null);
                if (name == null) {
                    errors.add(f.at(e.keyNode()) + ": group_filter_format must name the group as (attribute={group});"
                            + " Roster reads groups by a filter and a name attribute (ldap.groups.filter, name_attribute)");
                    return;
                }
                List<Filter> rest = parts.stream().filter(p -> p != name).toList();
                String objects = rest.isEmpty() ? null : rest.size() == 1 ? rest.get(0).toString()
                        : Filter.createANDFilter(rest).toString();
                if (!"cn".equalsIgnoreCase(name.getAttributeName())) {
                    groups.put("name_attribute", name.getAttributeName());
                }
                // UST's own class filter is not Roster's default (posixGroup, no groupOfUniqueNames): always said
                groups.put("filter", objects == null ? "(objectClass=*)" : objects);
            } catch (LDAPException x) {
                errors.add(f.at(e.keyNode()) + ": group_filter_format is not an LDAP filter: " + x.getMessage());
            }
        }

        /** How members are found: UST's memberOf filter (Roster's member_of), or its two-step lookup (member). */
        private void groupMembers(UstYaml f, UstYaml.Entry memberFilter, UstYaml.Entry twoSteps,
                                  Map<String, Object> groups) {
            if (memberFilter != null && twoSteps != null) {
                errors.add(f.at(twoSteps.keyNode()) + ": two_steps_lookup and group_member_filter_format do not go"
                        + " together (UST refuses both too)");
                return;
            }
            if (memberFilter != null) {
                String text = f.scalar(memberFilter, errors);
                if (text != null && !text.replace(" ", "").equalsIgnoreCase("(memberOf={group_dn})")) {
                    errors.add(f.at(memberFilter.keyNode()) + ": group_member_filter_format '" + text + "' is not"
                            + " read: Roster finds members by the users' memberOf (membership: member_of) or by each"
                            + " group's member attribute (two_steps_lookup, membership: member)");
                }
                return;
            }
            if (twoSteps != null) {
                MappingNode m = f.mapping(twoSteps, errors);
                if (m == null) {
                    return;
                }
                Map<String, UstYaml.Entry> k = f.entries(m);
                unknown(f, k, Set.of("group_member_attribute_name", "nested_group"), "two_steps_lookup");
                groups.put("membership", "member");
                required(f, k, "group_member_attribute_name").map(a -> f.scalar(a, errors))
                        .filter(a -> !a.equalsIgnoreCase("member")).ifPresent(a -> groups.put("member_attribute", a));
                if (k.containsKey("nested_group") && Boolean.TRUE.equals(f.bool(k.get("nested_group"), errors))) {
                    groups.put("nested", "expand");
                }
            }
        }

        /** An attribute format ("{mail}") as a Roster mapping, which uses the same braces. */
        private String format(UstYaml f, Map<String, UstYaml.Entry> k, String key, String otherwise) {
            UstYaml.Entry e = k.get(key);
            String v = e == null ? null : f.scalar(e, errors);
            return v == null || v.isBlank() ? otherwise : v.strip();
        }

        private void csv(Path file) {
            if (!Files.isReadable(file)) {
                errors.add(file + ": the CSV connector file cannot be read");
                return;
            }
            UstYaml f = UstYaml.read(file, errors);
            if (f == null) {
                return;
            }
            Map<String, UstYaml.Entry> k = f.entries(f.root);
            unknown(f, k, Set.of("file_path", "delimiter", "string_encoding", "email_column_name",
                    "first_name_column_name", "last_name_column_name", "country_column_name", "groups_column_name",
                    "username_column_name", "domain_column_name", "identity_type_column_name", "user_identity_type",
                    "logger_name"), "connector-csv.yml");
            Map<String, Object> source = new LinkedHashMap<>();
            String path = required(f, k, "file_path").map(p -> f.scalar(p, errors)).orElse(null);
            if (path != null) {
                Path csv = f.resolve(path);
                settings.put("roster.csv.csv-to-sign.dir", csv.getParent().toString());
                settings.put("roster.csv.csv-to-sign.file", csv.getFileName().toString());
                String delimiter = k.containsKey("delimiter") ? f.scalar(k.get("delimiter"), errors) : null;
                if (delimiter == null) { // as UST guesses it: from the file's extension
                    delimiter = path.toLowerCase(Locale.ROOT).endsWith(".csv") ? "," : "tab";
                } else if (delimiter.equals("\t")) {
                    delimiter = "tab";
                }
                source.put("delimiter", delimiter);
            }
            if (k.containsKey("string_encoding")) {
                String python = f.scalar(k.get("string_encoding"), errors);
                String java = python == null ? null : javaCharset(python);
                if (java == null) {
                    errors.add(f.at(k.get("string_encoding").keyNode()) + ": string_encoding '" + python + "' is not an"
                            + " encoding Roster knows (e.g. utf-8, utf-8-sig, latin-1, cp1252)");
                } else {
                    source.put("encoding", java);
                }
            }
            Map<String, Object> columns = new LinkedHashMap<>();
            Map<String, String> names = new LinkedHashMap<>();
            names.put("email_column_name", "email");
            names.put("first_name_column_name", "firstname");
            names.put("last_name_column_name", "lastname");
            names.put("country_column_name", "country");
            names.put("groups_column_name", "groups");
            names.put("username_column_name", "username");
            names.put("domain_column_name", "domain");
            names.put("identity_type_column_name", "type");
            names.forEach((key, ours) -> {
                if (k.containsKey(key)) {
                    String header = f.scalar(k.get(key), errors);
                    if (header != null && !header.equals(ours)) {
                        columns.put(ours, header);
                    }
                }
            });
            source.put("columns", columns);
            for (String unused : List.of("user_identity_type", "logger_name")) {
                if (k.containsKey(unused)) {
                    notes.add(f.at(k.get(unused).keyNode()) + ": " + unused + " is not used by Sign sync: ignored");
                }
            }
            job.put("source", source);
            Map<String, Object> mapping = new LinkedHashMap<>();
            mapping.put("email", "{email}");
            mapping.put("firstName", "{firstname}");
            mapping.put("lastName", "{lastname}");
            mapping.put("groups", "{groups}");
            job.put("mapping", mapping);
        }

        /** Python's codec names as Java's charsets: utf-8-sig is UTF-8 (a byte order mark is skipped anyway). */
        private static String javaCharset(String python) {
            String n = python.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            n = switch (n) {
                case "utf-8-sig", "utf8", "utf8-sig", "u8" -> "UTF-8";
                case "latin-1", "latin1", "l1", "iso8859-1" -> "ISO-8859-1";
                default -> n.matches("cp\\d+") ? "windows-" + n.substring(2) : n;
            };
            try {
                return java.nio.charset.Charset.isSupported(n) ? java.nio.charset.Charset.forName(n).name() : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        // --- the rules ---------------------------------------------------------------------------------------------

        private void userSync(UstYaml f, UstYaml.Entry e, Map<String, Object> sign) {
            if (e == null) {
                errors.add(f.at(f.root) + ": user_sync is missing (UST requires sign_only_limit and"
                        + " sign_only_user_action there)");
                return;
            }
            MappingNode m = f.mapping(e, errors);
            if (m == null) {
                return;
            }
            Map<String, UstYaml.Entry> k = f.entries(m);
            unknown(f, k, USER_SYNC, "user_sync");
            required(f, k, "sign_only_limit");
            required(f, k, "sign_only_user_action");
            Map<String, Object> out = new LinkedHashMap<>();
            for (UstYaml.Entry x : k.values()) {
                if (USER_SYNC.contains(x.key())) {
                    out.put(x.key(), plain(f, x.value()));
                }
            }
            sign.put("user_sync", out);
        }

        private void userManagement(UstYaml f, UstYaml.Entry e, Map<String, Object> sign) {
            List<Node> items = f.sequence(e, errors);
            if (items == null) {
                return;
            }
            List<Object> rules = new ArrayList<>();
            Set<String> said = new LinkedHashSet<>();
            for (Node item : items) {
                if (!(item instanceof MappingNode m)) {
                    errors.add(f.file.getFileName() + ":" + UstYaml.line(item) + ": a user_management rule must hold"
                            + " directory_group, sign_group, group_admin, account_admin");
                    continue;
                }
                Map<String, UstYaml.Entry> k = f.entries(m);
                for (UstYaml.Entry x : k.values()) {
                    if (!RULE.contains(x.key()) && said.add(x.key())) {
                        errors.add(f.at(x.keyNode()) + ": " + x.key() + " is not a key of a user_management rule"
                                + " (known: " + String.join(", ", new java.util.TreeSet<>(RULE)) + ")");
                    }
                }
                if (!k.containsKey("directory_group") || f.scalar(k.get("directory_group"), errors) == null) {
                    errors.add(f.file.getFileName() + ":" + UstYaml.line(m) + ": a user_management rule needs a"
                            + " directory_group");
                    continue;
                }
                Map<String, Object> rule = new LinkedHashMap<>();
                for (String key : List.of("directory_group", "sign_group", "group_admin", "account_admin", "admin_groups")) {
                    if (k.containsKey(key)) {
                        Object v = key.endsWith("_admin") ? f.bool(k.get(key), errors)
                                : key.equals("directory_group") ? f.scalar(k.get(key), errors)
                                : plain(f, k.get(key).value()); // a group, or a list of them (users in multiple groups)
                        rule.put(key, v);
                    }
                }
                rules.add(rule);
            }
            sign.put("user_management", rules);
        }

        private void connection(UstYaml f, UstYaml.Entry e) {
            MappingNode m = f.mapping(e, errors);
            if (m == null) {
                return;
            }
            Map<String, UstYaml.Entry> k = f.entries(m);
            unknown(f, k, Set.of("request_concurrency", "batch_size", "retry_count", "timeout"), "connection");
            // as UST reads them: 0 is "not set" (its own default), not zero
            number(f, k.get("request_concurrency")).filter(n -> n > 0).ifPresent(n -> settings.put(
                    "roster.sign.concurrency", Integer.toString(n)));
            number(f, k.get("timeout")).filter(n -> n > 0).ifPresent(n -> settings.put("roster.sign.timeout", n + "s"));
            number(f, k.get("retry_count")).filter(n -> n > 0).ifPresent(n -> settings.put(
                    "roster.sign.retry.max-attempts", Integer.toString(n + 1)));
            if (k.containsKey("batch_size")) {
                notes.add(f.at(k.get("batch_size").keyNode()) + ": batch_size is not used: Roster pages Sign's lists"
                        + " (roster.sign.page-size) and applies its changes in batches of its own");
            }
        }

        private java.util.Optional<Integer> number(UstYaml f, UstYaml.Entry e) {
            if (e == null) {
                return java.util.Optional.empty();
            }
            String v = f.scalar(e, errors);
            if (v == null || !v.strip().matches("\\d+")) {
                errors.add(f.at(e.keyNode()) + ": " + e.key() + " must be a whole number");
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Integer.parseInt(v.strip()));
        }

        private void invocationDefaults(UstYaml f, UstYaml.Entry e, Map<String, Object> sign) {
            MappingNode m = f.mapping(e, errors);
            if (m == null) {
                return;
            }
            Map<String, UstYaml.Entry> k = f.entries(m);
            unknown(f, k, Set.of("users", "test_mode"), "invocation_defaults");
            if (k.containsKey("users")) {
                Object users = plain(f, k.get("users").value());
                List<String> words = users instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                        : users == null ? List.of() : List.of(String.valueOf(users));
                String first = words.isEmpty() ? "mapped" : words.get(0).strip().toLowerCase(Locale.ROOT);
                if (words.size() <= 1 && (first.equals("mapped") || first.equals("all"))) {
                    sign.put("users", first);
                } else if (first.equals("group") && words.size() >= 2) {
                    // UST: [group, "g1,g2"] is two groups; [group, g1, g2] too, each item whole
                    List<String> groups = new ArrayList<>();
                    if (words.size() == 2) {
                        groups.addAll(io.roster.source.GroupNames.split(words.get(1)));
                    } else {
                        words.subList(1, words.size()).forEach(w -> groups.add(w.strip()));
                    }
                    sign.put("users", "group " + io.roster.source.GroupNames.join(groups));
                } else {
                    errors.add(f.at(k.get("users").keyNode()) + ": users '" + words + "' is not mapped, all or group"
                            + " (UST refuses it too)");
                }
            }
            if (k.containsKey("test_mode") && Boolean.TRUE.equals(f.bool(k.get("test_mode"), errors))) {
                settings.put("roster.dry-run", "true");
                notes.add(f.at(k.get("test_mode").keyNode()) + ": test_mode: every run is a dry run (roster.dry-run),"
                        + " as UST's -t");
            }
        }

        /** A node as plain Java values (strings, lists, maps), for copying into the job file. */
        private Object plain(UstYaml f, Node n) {
            if (n instanceof ScalarNode s) {
                return s.getTag().getValue().endsWith(":null") ? null : s.getValue();
            }
            if (n instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
                List<Object> out = new ArrayList<>();
                s.getValue().forEach(x -> out.add(plain(f, x)));
                return out;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            f.entries((MappingNode) n).values().forEach(x -> out.put(x.key(), plain(f, x.value())));
            return out;
        }
    }
}
