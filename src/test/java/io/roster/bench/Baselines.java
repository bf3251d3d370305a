package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The least work that could do each job, for the benchmark to compare Roster with: no Camel, no mapping rules, no
 * journal, and no retries beyond a dropped connection. A plain read of the source, the target's state read once, a
 * comparison in a HashMap, and the same API calls Roster makes for each change, over java.net.http with the same
 * concurrency. Like Roster, it runs in a JVM of its own for each run ({@link #main}), so what it must remember
 * between runs (what Signature 365 was last sent) it keeps where Roster does, in PostgreSQL: one hash per person.
 */
final class Baselines {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/rest/v6/";
    /** What {@link #main} prints last, for the benchmark to read. */
    static final java.util.regex.Pattern DONE = java.util.regex.Pattern.compile("baseline: changed=(\\d+) in (\\d+) ms");

    private Baselines() {
    }

    /**
     * One baseline run, timed from here (the JVM has started) to its end:
     * {@code csv-sign CSV SIGN_URL KEY CONCURRENCY}, {@code pg-s365 HR_JDBC STATE_JDBC ENDPOINT SECRET BATCH} or
     * {@code pg-entra HR_JDBC STATE_JDBC GRAPH_URL TOKEN_URL CLIENT_ID SECRET}.
     */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long changed = switch (args[0]) {
            case "csv-sign" -> csvToSign(Path.of(args[1]), args[2], args[3], Integer.parseInt(args[4]));
            case "pg-s365" -> new Signature365(args[2]).run(args[1], args[3], args[4], Integer.parseInt(args[5]));
            case "pg-entra" -> Entra.run(args[1], args[2], args[3], args[4], args[5], args[6]);
            default -> throw new IllegalArgumentException("no baseline " + args[0]);
        };
        System.out.println("baseline: changed=" + changed + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /**
     * CSV → Sign, as csv-to-sign with the shipped rules: create (POST user, PUT groups) or update (GET, PUT) each person.
     * Returns how many people it created or changed.
     */
    static long csvToSign(Path csv, String baseUrl, String key, int concurrency) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Sign sign = new Sign(http, baseUrl, key);
        sign.get("baseUris");
        Map<String, JsonNode> users = new HashMap<>();
        sign.pages("users", "userInfoList", u -> users.put(u.path("email").asText().toLowerCase(), u));
        Map<String, String> groupIds = new HashMap<>();
        sign.pages("groups", "groupInfoList", g -> groupIds.put(g.path("groupName").asText(), g.path("groupId").asText()));
        for (String g : BenchPeople.GROUPS) {
            if (!groupIds.containsKey(g)) {
                groupIds.put(g, sign.send("POST", "groups", Map.of("name", g, "isDefaultGroup", false)).path("id").asText());
            }
        }
        // Sign's documented member lists do not say which membership is primary: a user's only group is; for anyone in
        // several, GET users/{id} tells
        Map<String, List<String>> memberOf = new HashMap<>();
        for (Map.Entry<String, String> g : groupIds.entrySet()) {
            sign.pages("groups/" + g.getValue() + "/users", "userInfoList",
                    m -> memberOf.computeIfAbsent(m.path("id").asText(), k -> new ArrayList<>()).add(g.getKey()));
        }
        Map<String, String> groupNames = new HashMap<>();
        groupIds.forEach((name, gid) -> groupNames.put(gid, name));
        Map<String, String> primary = new HashMap<>();
        for (Map.Entry<String, List<String>> m : memberOf.entrySet()) {
            primary.put(m.getKey(), m.getValue().size() == 1 ? m.getValue().get(0)
                    : groupNames.get(sign.get("users/" + m.getKey()).path("primaryGroupId").asText()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> work = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", -1);
                String first = f[0];
                String last = f[1];
                String email = f[2];
                String company = List.of("DE", "AT", "CH").contains(f[3]) ? "Example GmbH" : "Example Inc.";
                String group = f[4];
                JsonNode current = users.get(email.toLowerCase());
                Map<String, Object> groups = Map.of("groupInfoList", List.of(Map.of("id", groupIds.get(group), "name", group,
                        "isPrimaryGroup", true, "isGroupAdmin", false)));
                if (current == null) {
                    work.add(pool.submit(() -> {
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("email", email);
                        body.put("firstName", first);
                        body.put("lastName", last);
                        body.put("company", company);
                        body.put("isAccountAdmin", false);
                        String id = sign.create(email, body);
                        sign.send("PUT", "users/" + id + "/groups", groups);
                        return null;
                    }));
                    continue;
                }
                String id = current.path("id").asText();
                boolean profile = !first.equals(current.path("firstName").asText()) || !last.equals(current.path("lastName").asText())
                        || !company.equals(current.path("company").asText());
                boolean moved = !group.equals(primary.get(id));
                if (profile || moved) {
                    work.add(pool.submit(() -> {
                        if (profile) {
                            ObjectNode detail = (ObjectNode) sign.get("users/" + id);
                            detail.put("firstName", first).put("lastName", last).put("company", company);
                            sign.send("PUT", "users/" + id, detail);
                        }
                        if (moved) {
                            sign.send("PUT", "users/" + id + "/groups", groups);
                        }
                        return null;
                    }));
                }
            }
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return work.size();
    }

    /**
     * PostgreSQL → Signature 365, as hr-to-signature365: a version query, a streamed read, changed people in batches.
     * What it sent is remembered in a table of its own (email, hash of the fields), written after each batch lands,
     * so a run that stops midway resends at most one batch; the source version is stored once the run ends.
     */
    static final class Signature365 {
        private final String stateJdbcUrl;

        Signature365(String stateJdbcUrl) {
            this.stateJdbcUrl = stateJdbcUrl;
        }

        /** Returns how many people it sent. */
        long run(String jdbcUrl, String endpoint, String secret, int batchSize) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                 Connection state = DriverManager.getConnection(stateJdbcUrl, "postgres", "postgres")) {
                try (Statement st = state.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS sent (email TEXT PRIMARY KEY, hash INTEGER NOT NULL)");
                    st.execute("CREATE TABLE IF NOT EXISTS source_version (version TEXT NOT NULL)");
                }
                String version;
                try (ResultSet v = c.createStatement().executeQuery("SELECT max(updated_at) FROM staff")) {
                    v.next();
                    version = String.valueOf(v.getTimestamp(1));
                }
                try (ResultSet v = state.createStatement().executeQuery("SELECT version FROM source_version")) {
                    if (v.next() && v.getString(1).equals(version)) {
                        return 0;
                    }
                }
                Map<String, Integer> lastSent = new HashMap<>();
                try (ResultSet rs = state.createStatement().executeQuery("SELECT email, hash FROM sent")) {
                    while (rs.next()) {
                        lastSent.put(rs.getString(1), rs.getInt(2));
                    }
                }
                long sent = 0;
                c.setAutoCommit(false);
                List<Map<String, Object>> batch = new ArrayList<>();
                List<Object[]> hashes = new ArrayList<>();
                try (PreparedStatement st = c.prepareStatement("SELECT work_email, first_name, last_name, job_title,"
                        + " department, office, phone_work, mobile, country, cost_centre FROM staff WHERE active = TRUE")) {
                    st.setFetchSize(1000);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            Map<String, String> f = new LinkedHashMap<>();
                            f.put("FirstName", Objects.toString(rs.getString(2), ""));
                            f.put("LastName", Objects.toString(rs.getString(3), ""));
                            f.put("DisplayName", Objects.toString(rs.getString(2), "") + " " + Objects.toString(rs.getString(3), ""));
                            f.put("JobTitle", Objects.toString(rs.getString(4), ""));
                            f.put("Department", Objects.toString(rs.getString(5), ""));
                            f.put("Office", rs.getString(6) == null || rs.getString(6).isEmpty() ? "Head Office" : rs.getString(6));
                            f.put("Phone", Objects.toString(rs.getString(7), ""));
                            f.put("Mobile", Objects.toString(rs.getString(8), ""));
                            f.put("Company", List.of("DE", "AT", "CH").contains(rs.getString(9)) ? "Example GmbH" : "Example Ltd");
                            f.put("CostCentre", Objects.toString(rs.getString(10), ""));
                            String email = rs.getString(1);
                            int hash = f.hashCode();
                            Integer before = lastSent.get(email);
                            if (before == null || before != hash) {
                                sent++;
                                batch.add(Map.of("email", email, "fields", f));
                                hashes.add(new Object[]{email, hash});
                                if (batch.size() == batchSize) {
                                    post(http, endpoint, secret, batch);
                                    remember(state, hashes);
                                    batch = new ArrayList<>();
                                    hashes = new ArrayList<>();
                                }
                            }
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    post(http, endpoint, secret, batch);
                    remember(state, hashes);
                }
                c.commit();
                try (PreparedStatement st = state.prepareStatement("DELETE FROM source_version")) {
                    st.executeUpdate();
                }
                try (PreparedStatement st = state.prepareStatement("INSERT INTO source_version VALUES (?)")) {
                    st.setString(1, version);
                    st.executeUpdate();
                }
                return sent;
            }
        }

        /** What a batch that landed sent: one upsert per person, in one JDBC batch. */
        private static void remember(Connection state, List<Object[]> hashes) throws Exception {
            try (PreparedStatement st = state.prepareStatement("INSERT INTO sent (email, hash) VALUES (?, ?)"
                    + " ON CONFLICT (email) DO UPDATE SET hash = excluded.hash")) {
                for (Object[] h : hashes) {
                    st.setString(1, (String) h[0]);
                    st.setInt(2, (Integer) h[1]);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }

        private static void post(HttpClient http, String endpoint, String secret, List<Map<String, Object>> users) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("source", "database", "users", users))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Signature 365 answered " + r.statusCode() + ": " + r.body());
            }
        }
    }

    /**
     * Entra ID as Roster writes it, with the same Graph calls: a token, the users by the delta query (all of them the
     * first time, then from the kept {@code @odata.deltaLink}, the copy kept in PostgreSQL), and each user whose
     * attributes differ patched, 20 to a {@code $batch}.
     */
    static final class Entra {

        static final String SELECT = "businessPhones,companyName,department,givenName,id,jobTitle,mail,officeLocation,"
                + "onPremisesDistinguishedName,"
                + "onPremisesExtensionAttributes,onPremisesSyncEnabled,proxyAddresses,surname,userPrincipalName";

        static long run(String hrJdbc, String stateJdbc, String graph, String tokenUrl, String clientId, String secret)
                throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                            + "&client_secret=" + secret + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String token = JSON.readTree(t.body()).path("access_token").asText();
            try (Connection hr = DriverManager.getConnection(hrJdbc, "postgres", "postgres");
                 Connection state = DriverManager.getConnection(stateJdbc, "postgres", "postgres")) {
                try (Statement st = state.createStatement()) {
                    st.execute("CREATE TABLE IF NOT EXISTS entra_user (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
                    st.execute("CREATE TABLE IF NOT EXISTS entra_link (link TEXT NOT NULL)");
                }
                String link = null;
                try (ResultSet rs = state.createStatement().executeQuery("SELECT link FROM entra_link")) {
                    if (rs.next()) {
                        link = rs.getString(1);
                    }
                }
                // the copy as text, as Roster keeps it; a body is parsed only when it changed, or to be compared
                Map<String, String> users = new HashMap<>();
                Map<String, String> changedBodies = new HashMap<>();
                if (link != null) {
                    try (ResultSet rs = state.createStatement().executeQuery("SELECT id, body FROM entra_user")) {
                        while (rs.next()) {
                            users.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                String next = link != null ? link : graph + "/v1.0/users/delta?$select=" + SELECT;
                String deltaLink = null;
                while (deltaLink == null) {
                    JsonNode page = get(http, token, next);
                    for (JsonNode u : page.path("value")) {
                        String id = u.path("id").asText();
                        if (u.has("@removed")) {
                            users.remove(id);
                            continue;
                        }
                        String had = users.get(id);
                        ObjectNode merged = had == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(had);
                        merged.setAll((ObjectNode) u);
                        String body = merged.toString();
                        users.put(id, body);
                        changedBodies.put(id, body);
                    }
                    next = page.path("@odata.nextLink").asText(null);
                    if (next == null) {
                        deltaLink = page.path("@odata.deltaLink").asText();
                    }
                }
                state.setAutoCommit(false);
                try (PreparedStatement up = state.prepareStatement("INSERT INTO entra_user (id, body) VALUES (?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET body = excluded.body")) {
                    for (Map.Entry<String, String> e : changedBodies.entrySet()) {
                        up.setString(1, e.getKey());
                        up.setString(2, e.getValue());
                        up.addBatch();
                    }
                    up.executeBatch();
                }
                try (Statement st = state.createStatement()) {
                    st.execute("DELETE FROM entra_link");
                }
                try (PreparedStatement st = state.prepareStatement("INSERT INTO entra_link VALUES (?)")) {
                    st.setString(1, deltaLink);
                    st.executeUpdate();
                }
                state.commit();
                changedBodies.clear();
                Map<String, String> byMail = new HashMap<>();
                for (String body : users.values()) {
                    JsonNode u = JSON.readTree(body);
                    byMail.put(u.path("mail").asText("").toLowerCase(java.util.Locale.ROOT), body);
                }
                users.clear();
                long changed = 0;
                List<Map<String, Object>> batch = new ArrayList<>();
                hr.setAutoCommit(false);
                try (PreparedStatement st = hr.prepareStatement("SELECT work_email, first_name, last_name, job_title,"
                        + " department, office, phone_work, country, cost_centre FROM staff WHERE active = TRUE")) {
                    st.setFetchSize(1000);
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            String found = byMail.get(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
                            if (found == null) {
                                continue;
                            }
                            JsonNode u = JSON.readTree(found);
                            Map<String, Object> body = new LinkedHashMap<>();
                            differs(body, u, "givenName", rs.getString(2));
                            differs(body, u, "surname", rs.getString(3));
                            differs(body, u, "jobTitle", rs.getString(4));
                            differs(body, u, "department", rs.getString(5));
                            differs(body, u, "officeLocation", rs.getString(6) == null || rs.getString(6).isEmpty()
                                    ? "Head Office" : rs.getString(6));
                            String phone = Objects.toString(rs.getString(7), "");
                            JsonNode phones = u.path("businessPhones");
                            if (!phone.equals(phones.isEmpty() ? "" : phones.get(0).asText())) {
                                body.put("businessPhones", phone.isEmpty() ? List.of() : List.of(phone));
                            }
                            differs(body, u, "companyName", List.of("DE", "AT", "CH").contains(rs.getString(8))
                                    ? "Example GmbH" : "Example Ltd");
                            String cc = Objects.toString(rs.getString(9), "");
                            if (!cc.equals(u.path("onPremisesExtensionAttributes").path("extensionAttribute1").asText(""))) {
                                body.put("onPremisesExtensionAttributes", Collections.singletonMap("extensionAttribute1",
                                        cc.isEmpty() ? null : cc));
                            }
                            if (!body.isEmpty()) {
                                changed++;
                                batch.add(Map.of("id", Integer.toString(batch.size() + 1), "method", "PATCH",
                                        "url", "/users/" + u.path("id").asText(),
                                        "headers", Map.of("Content-Type", "application/json"), "body", body));
                                if (batch.size() == 20) {
                                    post(http, token, graph, batch);
                                    batch = new ArrayList<>();
                                }
                            }
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    post(http, token, graph, batch);
                }
                return changed;
            }
        }

        private static void differs(Map<String, Object> body, JsonNode user, String field, String value) {
            String want = Objects.toString(value, "");
            if (!want.equals(user.path(field).asText(""))) {
                body.put(field, want.isEmpty() ? null : want);
            }
        }

        private static JsonNode get(HttpClient http, String token, String url) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
                    "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

        private static void post(HttpClient http, String token, String graph, List<Map<String, Object>> requests)
                throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(graph + "/v1.0/$batch"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(Map.of("requests", requests))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("$batch answered " + r.statusCode() + ": " + r.body());
            }
            for (JsonNode one : JSON.readTree(r.body()).path("responses")) {
                if (one.path("status").asInt() >= 300) {
                    throw new IllegalStateException("a $batch request answered " + one);
                }
            }
        }
    }

    /** Just enough of Sign's REST API: one call, and cursor paging. */
    private record Sign(HttpClient http, String baseUrl, String key) {

        JsonNode get(String path) throws Exception {
            return send("GET", path, null);
        }

        JsonNode send(String method, String path, Object body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + API + path))
                    .header("Authorization", "Bearer " + key).header("Accept", "application/json");
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<String> r = null;
            for (int attempt = 1; r == null; attempt++) {
                try {
                    r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    // the least a client can do: try a dropped connection again, but never a create, which may have
                    // landed (create() looks the user up first)
                    if (attempt == 3 || method.equals("POST")) {
                        throw e;
                    }
                }
            }
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        }

        /**
         * POST users; a create whose connection dropped may have landed, so it is looked up (as Roster does) before
         * it is sent again: the least a correct client can do.
         */
        String create(String email, Map<String, Object> body) throws Exception {
            for (int attempt = 1; ; attempt++) {
                try {
                    return send("POST", "users", body).path("id").asText();
                } catch (java.io.IOException | IllegalStateException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                    String[] found = {null};
                    pages("users", "userInfoList", u -> {
                        if (u.path("email").asText().equalsIgnoreCase(email)) {
                            found[0] = u.path("id").asText();
                        }
                    });
                    if (found[0] != null) {
                        return found[0];
                    }
                }
            }
        }

        void pages(String path, String field, java.util.function.Consumer<JsonNode> each) throws Exception {
            String cursor = null;
            do {
                JsonNode page = get(path + "?pageSize=1000" + (cursor == null ? "" : "&cursor=" + cursor));
                page.path(field).forEach(each);
                cursor = page.path("page").path("nextCursor").asText(null);
            } while (cursor != null && !cursor.isEmpty());
        }
    }
}
