package io.roster.targets.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roster.config.JobConfigException;
import io.roster.plan.EntraRules;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Users as Entra's API-driven inbound provisioning takes them: SCIM user records in a {@code BulkRequest}
 * (learn.microsoft.com: synchronization-synchronizationjob-post-bulkupload). The provisioning app's attribute list
 * starts with the SCIM core and enterprise user schemas, so each Entra attribute with a standard SCIM home goes there
 * ({@code title} for jobTitle, {@code phoneNumbers[type eq "mobile"].value} for mobilePhone, the enterprise
 * extension's {@code department}, …); the rest go to Roster's own extension, which the admin adds to the app's
 * attribute list and maps ("Extend API-driven provisioning to sync custom attributes"). A job file may name other
 * paths, as its app maps them. A record's {@code externalId} is the value the app matches users by.
 */
public final class ScimRecords {

    public static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** Roster's extension, for attributes the SCIM schemas have no place for. */
    public static final String ROSTER = "urn:ietf:params:scim:schemas:extension:roster:1.0:User";
    /** Entra's provisioning takes at most 50 operations in one request. */
    public static final int BULK = 50;

    /** Entra attribute → SCIM attribute path, as Microsoft's SCIM schema pairs them. */
    public static final Map<String, String> DEFAULT_PATHS = defaults();

    /** The Entra attributes the app may match {@code externalId} with, of those Roster reads. */
    private static final Set<String> MATCHABLE = Set.of("employeeId", "userPrincipalName", "mail");

    private static final Pattern FILTERED = Pattern.compile("([A-Za-z][\\w]*)\\[type eq \"([^\"]+)\"]\\.([A-Za-z][\\w]*)");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][\\w]*(\\.[A-Za-z][\\w]*)?");

    private static Map<String, String> defaults() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("givenName", "name.givenName");
        p.put("surname", "name.familyName");
        p.put("displayName", "displayName");
        p.put("jobTitle", "title");
        p.put("businessPhones", "phoneNumbers[type eq \"work\"].value");
        p.put("mobilePhone", "phoneNumbers[type eq \"mobile\"].value");
        p.put("faxNumber", "phoneNumbers[type eq \"fax\"].value");
        p.put("streetAddress", "addresses[type eq \"work\"].streetAddress");
        p.put("city", "addresses[type eq \"work\"].locality");
        p.put("state", "addresses[type eq \"work\"].region");
        p.put("postalCode", "addresses[type eq \"work\"].postalCode");
        p.put("country", "addresses[type eq \"work\"].country");
        p.put("employeeId", ENTERPRISE + ":employeeNumber");
        p.put("department", ENTERPRISE + ":department");
        p.put("companyName", ENTERPRISE + ":organization");
        for (String own : new String[]{"officeLocation", "employeeType", "employeeHireDate"}) {
            p.put(own, ROSTER + ":" + own);
        }
        EntraAttributes.EXTENSIONS.forEach(e -> p.put(e, ROSTER + ":" + e));
        return Map.copyOf(p);
    }

    private final ObjectMapper json = new ObjectMapper();

    /**
     * A job's provisioning block, checked when the job starts: the attribute matched is one Roster reads, and every
     * path it names is for an attribute Roster writes and has a form Roster can build.
     */
    public static void check(String job, EntraRules.Provisioning p) {
        if (!MATCHABLE.contains(p.match())) {
            throw new JobConfigException("job " + job + ": entra.provisioning.match '" + p.match() + "' is not one of "
                    + String.join(", ", new java.util.TreeSet<>(MATCHABLE)) + " (the Entra attribute the provisioning app"
                    + " matches externalId with)");
        }
        p.attributes().forEach((attribute, path) -> {
            if (!DEFAULT_PATHS.containsKey(attribute)) {
                throw new JobConfigException("job " + job + ": entra.provisioning.attributes: '" + attribute
                        + "' is not an Entra ID attribute Roster writes");
            }
            if (!valid(path)) {
                throw new JobConfigException("job " + job + ": entra.provisioning.attributes." + attribute + ": '" + path
                        + "' is not a SCIM attribute path Roster can send (name, name.sub, name[type eq \"x\"].sub,"
                        + " or urn:…:User:name)");
            }
        });
    }

    /** The Entra attributes a provisioning job must read besides the mapped ones: the one externalId comes from. */
    public static Collection<String> read(EntraRules rules) {
        return rules.synced() != EntraRules.Synced.PROVISIONING ? Set.of() : Set.of(rules.provisioning().match());
    }

    private static boolean valid(String path) {
        String rest = path;
        if (path.startsWith("urn:")) {
            int colon = path.lastIndexOf(':');
            rest = path.substring(colon + 1);
            if (colon <= 4 || rest.isEmpty()) {
                return false;
            }
        }
        return PLAIN.matcher(rest).matches() || FILTERED.matcher(rest).matches();
    }

    /**
     * One user's record: {@code externalId} and each attribute's value at its path; an empty value is SCIM's null
     * (unassigned), which clears it.
     */
    public ObjectNode record(String externalId, Map<String, String> values, EntraRules.Provisioning p) {
        ObjectNode data = json.createObjectNode();
        Set<String> schemas = new LinkedHashSet<>();
        schemas.add(CORE);
        data.put("externalId", externalId);
        values.forEach((attribute, value) -> {
            String path = p.attributes().getOrDefault(attribute, DEFAULT_PATHS.get(attribute));
            if (path == null) {
                return; // EntraAttributes.check refuses a mapping with such an attribute before a run reads anything
            }
            ObjectNode at = data;
            if (path.startsWith("urn:")) {
                int colon = path.lastIndexOf(':');
                String schema = path.substring(0, colon);
                schemas.add(schema);
                at = data.has(schema) ? (ObjectNode) data.get(schema) : data.putObject(schema);
                path = path.substring(colon + 1);
            }
            put(at, path, value == null || value.isEmpty() ? null : value);
        });
        ArrayNode list = json.createArrayNode();
        schemas.forEach(list::add);
        data.set("schemas", list);
        return data;
    }

    /** A BulkRequest of up to 50 records, each a POST the app maps (it decides create or update; Roster sends updates). */
    public ObjectNode bulkRequest(Map<String, ObjectNode> recordsByBulkId) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(BULK_REQUEST);
        ArrayNode ops = body.putArray("Operations");
        recordsByBulkId.forEach((bulkId, data) -> {
            ObjectNode op = ops.addObject();
            op.put("method", "POST");
            op.put("bulkId", bulkId);
            op.put("path", "/Users");
            op.set("data", data);
        });
        return body;
    }

    private static void put(ObjectNode at, String path, String value) {
        Matcher f = FILTERED.matcher(path);
        if (f.matches()) {
            ArrayNode list = at.has(f.group(1)) ? (ArrayNode) at.get(f.group(1)) : at.putArray(f.group(1));
            ObjectNode item = null;
            for (JsonNode i : list) {
                if (f.group(2).equals(i.path("type").asText())) {
                    item = (ObjectNode) i;
                }
            }
            if (item == null) {
                item = list.addObject().put("type", f.group(2));
            }
            item.put(f.group(3), value);
            return;
        }
        int dot = path.indexOf('.');
        if (dot < 0) {
            at.put(path, value);
            return;
        }
        String head = path.substring(0, dot);
        ObjectNode inner = at.has(head) ? (ObjectNode) at.get(head) : at.putObject(head);
        inner.put(path.substring(dot + 1), value);
    }
}
