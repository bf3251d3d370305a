package io.roster.bench;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import io.roster.sim.SignSimulator;
import io.roster.sim.Signature365Simulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Roster's benchmark: N generated people (bench.sizes, default 10,000 and 100,000; 1,000,000 for PostgreSQL into
 * Signature 365), from a CSV file and an LDAP directory into the Sign simulator, and from PostgreSQL into the
 * Signature 365 simulator, all on loopback; three scenarios each: an initial sync into an empty target, a re-run with
 * nothing changed, and a re-run with 1% changed. Roster runs as its users run it (the packaged jar, its own JVM,
 * a 512 MB heap, PostgreSQL as its state store); the baseline ({@link Baselines}) likewise, in a JVM of its own with
 * the same heap and options, on the same data. It prints a table and the targets; it asserts nothing about time.
 *
 *   ./mvnw -B verify -Pbench                                  (10,000 and 100,000)
 *   ./mvnw -B verify -Pbench -Dbench.sizes=1000000 -Dbench.cases=pg-s365
 */
class RosterBenchmark {

    static final String SIGN_KEY = "bench-sign-key";
    static final String S365_SECRET = "bench-s365-secret";
    static final String LDAP_PASSWORD = "bench-ldap-password";
    static final Path DIR = Path.of("target/bench");
    static final String HEAP = System.getProperty("bench.heap", "512m");
    /**
     * Roster's and the baseline's JVM options, as Dockerfile.jvm runs Roster: C1 only (C2's compiling cost more than
     * it gained) and the parallel collector.
     */
    static final String JVM_OPTIONS = System.getProperty("bench.jvm-options", "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC");

    record Row(String source, int n, String scenario, String impl, long millis, long wallMillis, long cpuMillis, long changes,
               Map<String, Long> requests, long peakRssMb, long peakHeapMb, int exit) {

        long writes() {
            return requests.entrySet().stream().filter(e -> !e.getKey().startsWith("GET")).mapToLong(Map.Entry::getValue).sum();
        }

        long total() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private EmbeddedPostgres pg;

    @Test
    void benchmark() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "10000,100000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<String> cases = List.of(System.getProperty("bench.cases", "csv-sign,ldap-sign,pg-s365").split(","));
        System.out.printf("%nRoster benchmark: sizes %s, cases %s, JVMs with a fixed %s heap, %s %s, %d cores%n",
                sizes, cases, HEAP, JVM_OPTIONS, System.getProperty("bench.jvm-args", ""), Runtime.getRuntime().availableProcessors());
        pg = EmbeddedPostgres.builder().setPort(0).start();
        try (SignSimulator sign = new SignSimulator(SIGN_KEY);
             Signature365Simulator s365 = new Signature365Simulator(S365_SECRET, "CostCentre")) {
            for (int n : sizes) {
                if (cases.contains("csv-sign") && n <= 100_000) {
                    csvToSign(sign, n);
                }
                if (cases.contains("ldap-sign") && n <= 100_000) {
                    ldapToSign(sign, n);
                }
                if (cases.contains("pg-s365")) {
                    pgToSignature365(s365, n);
                }
            }
        } finally {
            pg.close();
        }
        printTable();
        printTargets();
    }

    // --- the cases ----------------------------------------------------------------------------------------------

    private void csvToSign(SignSimulator sign, int n) throws Exception {
        Path csvDir = DIR.resolve("csv-" + n).toAbsolutePath();
        Path csv = csvDir.resolve("people.csv");
        List<String> props = new ArrayList<>(signProps(sign, "csv-to-sign"));
        props.add("-Droster.csv.csv-to-sign.dir=" + csvDir);
        props.add("-Droster.csv.csv-to-sign.file=people.csv");
        props.addAll(stateProps("csv_" + n));

        sign.reset();
        BenchPeople.csv(csv, n, false);
        roster("CSV → Sign", n, "initial", sign::callsByEndpoint, props, "csv-" + n + "-initial");
        roster("CSV → Sign", n, "no change", sign::callsByEndpoint, props, "csv-" + n + "-same");
        BenchPeople.csv(csv, n, true);
        roster("CSV → Sign", n, "1% changed", sign::callsByEndpoint, props, "csv-" + n + "-changed");

        sign.reset();
        BenchPeople.csv(csv, n, false);
        List<String> args = List.of("csv-sign", csv.toString(), sign.baseUrl(), SIGN_KEY, "8");
        baseline("CSV → Sign", n, "initial", sign::callsByEndpoint, args, "csv-" + n + "-initial-baseline");
        baseline("CSV → Sign", n, "no change", sign::callsByEndpoint, args, "csv-" + n + "-same-baseline");
        BenchPeople.csv(csv, n, true);
        baseline("CSV → Sign", n, "1% changed", sign::callsByEndpoint, args, "csv-" + n + "-changed-baseline");
    }

    private void ldapToSign(SignSimulator sign, int n) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setSchema(null);
        config.addAdditionalBindCredentials("cn=roster", LDAP_PASSWORD);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        InMemoryDirectoryServer ds = new InMemoryDirectoryServer(config);
        ds.startListening();
        try {
            BenchPeople.directory(ds, n);
            List<String> props = new ArrayList<>(signProps(sign, "ldap-to-sign"));
            props.add("-Droster.directories.corp.url=ldap://127.0.0.1:" + ds.getListenPort());
            props.add("-Droster.directories.corp.bind-dn=cn=roster");
            props.add("-Droster.directories.corp.password=" + LDAP_PASSWORD);
            props.addAll(stateProps("ldap_" + n));
            sign.reset();
            roster("LDAP → Sign", n, "initial", sign::callsByEndpoint, props, "ldap-" + n + "-initial");
            roster("LDAP → Sign", n, "no change", sign::callsByEndpoint, props, "ldap-" + n + "-same");
            BenchPeople.changeDirectory(ds, n);
            roster("LDAP → Sign", n, "1% changed", sign::callsByEndpoint, props, "ldap-" + n + "-changed");
        } finally {
            ds.shutDown(true);
        }
    }

    private void pgToSignature365(Signature365Simulator s365, int n) throws Exception {
        String hr = database("hr_" + n);
        try (Connection c = DriverManager.getConnection(hr, "postgres", "postgres")) {
            BenchPeople.staff(c, n);
        }
        List<String> props = new ArrayList<>(List.of("-Droster.jobs=hr-to-signature365",
                "-Droster.sources.hr.jdbc-url=" + hr, "-Droster.sources.hr.username=postgres",
                "-Droster.sources.hr.password=postgres",
                "-Droster.signature365.base-url=" + s365.baseUrl(), "-Droster.signature365.secret=" + S365_SECRET,
                "-Droster.signature365.custom-fields=CostCentre"));
        props.addAll(stateProps("s365_" + n));
        Supplier<Map<String, Long>> requests = () -> Map.of("POST users/batch", s365.requests());

        s365.reset();
        roster("PostgreSQL → Signature 365", n, "initial", requests, props, "pg-" + n + "-initial");
        roster("PostgreSQL → Signature 365", n, "no change", requests, props, "pg-" + n + "-same");
        try (Connection c = DriverManager.getConnection(hr, "postgres", "postgres")) {
            BenchPeople.changeStaff(c);
        }
        roster("PostgreSQL → Signature 365", n, "1% changed", requests, props, "pg-" + n + "-changed");

        try (Connection c = DriverManager.getConnection(hr, "postgres", "postgres")) {
            BenchPeople.staff(c, n);
        }
        s365.reset();
        // its state database with the driver setting Roster's state store has (application.properties)
        String state = database("baseline_s365_" + n) + "&reWriteBatchedInserts=true";
        List<String> args = List.of("pg-s365", hr, state, s365.baseUrl() + Signature365Simulator.PATH,
                S365_SECRET, "500");
        baseline("PostgreSQL → Signature 365", n, "initial", requests, args, "pg-" + n + "-initial-baseline");
        baseline("PostgreSQL → Signature 365", n, "no change", requests, args, "pg-" + n + "-same-baseline");
        try (Connection c = DriverManager.getConnection(hr, "postgres", "postgres")) {
            BenchPeople.changeStaff(c);
        }
        baseline("PostgreSQL → Signature 365", n, "1% changed", requests, args, "pg-" + n + "-changed-baseline");
    }

    // --- running and measuring ----------------------------------------------------------------------------------

    private List<String> signProps(SignSimulator sign, String job) {
        return List.of("-Droster.jobs=" + job,
                "-Droster.sign.orgs.primary.base-url=" + sign.baseUrl(),
                "-Droster.sign.orgs.primary.integration-key=" + SIGN_KEY,
                "-Droster.sign.orgs.primary.admin-email=admin@bench.example");
    }

    /** A fresh state database per case (PostgreSQL, as in production), kept across its scenarios. */
    private List<String> stateProps(String name) throws Exception {
        return List.of("-Dquarkus.datasource.embedded.active=false", "-Dquarkus.datasource.postgresql.active=true",
                "-Dquarkus.datasource.postgresql.jdbc.url=" + database("state_" + name),
                "-Dquarkus.datasource.postgresql.username=postgres", "-Dquarkus.datasource.postgresql.password=postgres");
    }

    private String database(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    /**
     * Before each run, Roster's or the baseline's: the server's databases as hours between two scheduled runs leave
     * them, vacuumed and analyzed, every write on disk. Else a run pays for the writes of the one before it (a
     * checkpoint, autovacuum on the table it filled), and which run pays is chance.
     */
    private void settle() throws Exception {
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
             Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE NOT datistemplate")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                try (Connection db = DriverManager.getConnection(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
                     Statement vacuum = db.createStatement()) {
                    vacuum.execute("VACUUM ANALYZE");
                }
            }
            st.execute("CHECKPOINT");
        }
    }

    private void roster(String source, int n, String scenario, Supplier<Map<String, Long>> requests, List<String> props,
                        String name) throws Exception {
        settle();
        Map<String, Long> before = requests.get();
        RosterProcess.Measured m = RosterProcess.run(DIR, name, HEAP, props);
        Map<String, Long> used = diff(before, requests.get());
        long changes = m.counts().getOrDefault("created", 0L) + m.counts().getOrDefault("updated", 0L)
                + m.counts().getOrDefault("reactivated", 0L) + m.counts().getOrDefault("deactivated", 0L);
        add(row(source, n, scenario, "Roster", m.runMillis(), changes, used, m.process()));
        if (m.process().exit() != 0) {
            System.out.println("  Roster ended with exit code " + m.process().exit() + "; its log: " + DIR.resolve(name + ".log"));
        }
    }

    /**
     * A baseline run ({@link Baselines#main}) in a JVM of its own, started as Roster's is. It has no dead-letter
     * store: a failure ends its run, and the row's exit code says so.
     */
    private void baseline(String source, int n, String scenario, Supplier<Map<String, Long>> requests, List<String> args,
                          String name) throws Exception {
        settle();
        Map<String, Long> before = requests.get();
        List<String> cmd = ChildJvm.java(DIR, name, HEAP);
        // as Roster's target clients do (TargetHttpClients): idle connections are dropped after 20 s
        cmd.addAll(List.of("-Djdk.httpclient.keepalive.timeout=20", "-cp", System.getProperty("java.class.path"),
                Baselines.class.getName()));
        cmd.addAll(args);
        ChildJvm.Measured m = ChildJvm.run(DIR, name, cmd);
        Map<String, Long> used = diff(before, requests.get());
        java.util.regex.Matcher done = Baselines.DONE.matcher(m.out());
        boolean ended = done.find();
        add(row(source, n, scenario, "baseline", ended ? Long.parseLong(done.group(2)) : -1,
                ended ? Long.parseLong(done.group(1)) : 0, used, m));
        if (m.exit() != 0 || !ended) {
            System.out.println("  baseline ended with exit code " + m.exit() + "; its log: " + DIR.resolve(name + ".log"));
        }
    }

    private static Row row(String source, int n, String scenario, String impl, long runMillis, long changes,
                           Map<String, Long> requests, ChildJvm.Measured m) {
        return new Row(source, n, scenario, impl, runMillis, m.wallMillis(), m.cpuMillis(), changes, requests, m.peakRssMb(),
                m.peakHeapMb(), m.exit());
    }

    private static Map<String, Long> diff(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    private void add(Row r) {
        rows.add(r);
        System.out.println("  " + line(r));
    }

    // --- output -------------------------------------------------------------------------------------------------

    private static String line(Row r) {
        double seconds = r.millis() / 1000.0;
        return String.format("%-27s %,9d  %-10s  %-8s %8.2f s %8.2f s %7.1f s %10s %8s %9s %7s %8s  exit %d  %s", r.source(), r.n(),
                r.scenario(), r.impl(), seconds, r.wallMillis() / 1000.0, r.cpuMillis() / 1000.0,
                seconds > 0 ? String.format("%,.0f", r.n() / seconds) : "-",
                String.format("%,d", r.total()), String.format("%,d", r.writes()),
                r.writes() == 0 ? "-" : String.format("%.3f", r.changes() == 0 ? Double.NaN : (double) r.writes() / r.changes()),
                r.peakRssMb() + "/" + r.peakHeapMb(), r.exit(), r.requests());
    }

    private void printTable() {
        System.out.printf("%n%-27s %9s  %-10s  %-8s %10s %10s %9s %10s %8s %9s %7s %8s%n", "source → target", "people",
                "scenario", "impl", "sync", "wall", "cpu", "people/s", "requests", "writes", "w/chg", "RSS/heap");
        System.out.println("(sync: the run's own time; wall: with JVM start; cpu: the process's; RSS/heap: MB, peak;"
                + " requests by endpoint at the end)");
        rows.forEach(r -> System.out.println(line(r)));
    }

    private void printTargets() {
        System.out.println("\nTargets (figures, not assertions):");
        find("CSV → Sign", 10_000, "initial", "Roster").ifPresent(r -> System.out.printf(
                "  initial sync of 10,000 into Sign within 10 s: %.2f s (%.2f s with JVM start)%n", r.millis() / 1000.0, r.wallMillis() / 1000.0));
        find("CSV → Sign", 100_000, "no change", "Roster").ifPresent(r -> System.out.printf(
                "  no-change re-run of 100,000 within 3 s and no writes: %.2f s, %d writes%n", r.millis() / 1000.0, r.writes()));
        find("CSV → Sign", 100_000, "1% changed", "Roster").ifPresent(r -> System.out.printf(
                "  1%% change of 100,000 sends only those: %d changes, %d writes (%s per change)%n", r.changes(), r.writes(),
                r.changes() == 0 ? "-" : String.format("%.2f", (double) r.writes() / r.changes())));
        find("PostgreSQL → Signature 365", 1_000_000, "initial", "Roster").ifPresent(r -> System.out.printf(
                "  1,000,000 from PostgreSQL into Signature 365 in a %s heap: exit %d, peak heap %d MB, %.1f s%n", HEAP,
                r.exit(), r.peakHeapMb(), r.millis() / 1000.0));
        for (Row r : rows) {
            if (r.impl().equals("Roster")) {
                find(r.source(), r.n(), r.scenario(), "baseline").ifPresent(b -> System.out.printf(
                        "  %-27s %,9d %-10s Roster / baseline: %.2f×%n", r.source(), r.n(), r.scenario(),
                        b.millis() == 0 ? Double.NaN : (double) r.millis() / b.millis()));
            }
        }
    }

    private java.util.Optional<Row> find(String source, int n, String scenario, String impl) {
        return rows.stream().filter(r -> r.source().equals(source) && r.n() == n && r.scenario().equals(scenario)
                && r.impl().equals(impl)).findFirst();
    }
}
