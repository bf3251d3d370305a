package io.roster.bench;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * N generated people, the same in every source: person i is p{i}@bench.example, in Sales or Engineering (the shipped
 * jobs' rule groups), in one of four countries. "1% changed" changes the last name of every 100th person; changing
 * it back is again a 1% change, so the scenario can be repeated.
 */
final class BenchPeople {

    static final String[] COUNTRIES = {"US", "GB", "DE", "FR"};
    static final String[] GROUPS = {"Sales", "Engineering"};

    private BenchPeople() {
    }

    static String email(int i) {
        return "p" + i + "@bench.example";
    }

    static String lastName(int i, boolean changed) {
        return "Number" + i + (changed && i % 100 == 0 ? "-changed" : "");
    }

    static String country(int i) {
        return COUNTRIES[i % COUNTRIES.length];
    }

    static String group(int i) {
        return GROUPS[i % GROUPS.length];
    }

    /** The User Sync Tool's CSV columns, as csv-to-sign reads them. */
    static void csv(Path file, int n, boolean changed) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("firstname,lastname,email,country,groups,type,username,domain\n");
            for (int i = 0; i < n; i++) {
                w.write("P," + lastName(i, changed) + "," + email(i) + "," + country(i) + "," + group(i) + ",federatedID,,\n");
            }
        }
    }

    /** The sample HR table's shape (samples/hr/staff.sql), as hr-to-signature365 reads it. */
    static void staff(Connection c, int n) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS staff");
            st.execute("CREATE TABLE staff (employee_id INTEGER NOT NULL PRIMARY KEY, work_email VARCHAR(320),"
                    + " first_name VARCHAR(100), last_name VARCHAR(100), job_title VARCHAR(200), department VARCHAR(200),"
                    + " office VARCHAR(200), phone_work VARCHAR(50), mobile VARCHAR(50), country VARCHAR(2),"
                    + " cost_centre VARCHAR(20), salary DECIMAL(12, 2), active BOOLEAN NOT NULL, updated_at TIMESTAMP NOT NULL)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO staff VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            Timestamp at = Timestamp.from(Instant.parse("2026-11-01T09:00:00Z"));
            for (int i = 0; i < n; i++) {
                ins.setInt(1, i);
                ins.setString(2, email(i));
                ins.setString(3, "P");
                ins.setString(4, lastName(i, false));
                ins.setString(5, i % 10 == 0 ? "Manager" : "Engineer");
                ins.setString(6, group(i));
                ins.setString(7, i % 3 == 0 ? null : "Office " + (i % 7));
                ins.setString(8, "+1 555 " + (1_000_000 + i));
                ins.setString(9, null);
                ins.setString(10, country(i));
                ins.setString(11, "CC-" + (i % 50));
                ins.setBigDecimal(12, java.math.BigDecimal.valueOf(50_000 + i % 1000));
                ins.setBoolean(13, true);
                ins.setTimestamp(14, at);
                ins.addBatch();
                if (i % 5000 == 4999) {
                    ins.executeBatch();
                }
            }
            ins.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Every 100th person's last name as {@link #lastName}: changed, or back as generated (again 1% changed). */
    static int changeStaff(Connection c, boolean changed) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE staff SET last_name = 'Number' || employee_id"
                + " || CASE WHEN ? THEN '-changed' ELSE '' END, updated_at = now() WHERE employee_id % 100 = 0")) {
            st.setBoolean(1, changed);
            return st.executeUpdate();
        }
    }

    /** People under ou=People with memberOf (as AD computes it), and the two groups, as ldap-to-sign reads them. */
    static void directory(InMemoryDirectoryServer ds, int n) throws LDAPException {
        ds.clear();
        ds.add(new Entry("dc=example,dc=com", new Attribute("objectClass", "top", "domain"), new Attribute("dc", "example")));
        ds.add(new Entry("ou=People,dc=example,dc=com", new Attribute("objectClass", "organizationalUnit"), new Attribute("ou", "People")));
        ds.add(new Entry("ou=Groups,dc=example,dc=com", new Attribute("objectClass", "organizationalUnit"), new Attribute("ou", "Groups")));
        for (String g : GROUPS) {
            ds.add(new Entry("cn=" + g + ",ou=Groups,dc=example,dc=com", new Attribute("objectClass", "groupOfNames"),
                    new Attribute("cn", g)));
        }
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new Entry("uid=p" + i + ",ou=People,dc=example,dc=com",
                    new Attribute("objectClass", "inetOrgPerson"), new Attribute("uid", "p" + i),
                    new Attribute("cn", "P " + lastName(i, false)), new Attribute("givenName", "P"),
                    new Attribute("sn", lastName(i, false)), new Attribute("mail", email(i)), new Attribute("c", country(i)),
                    new Attribute("memberOf", "cn=" + group(i) + ",ou=Groups,dc=example,dc=com")));
            if (batch.size() == 5000) {
                ds.addEntries(batch);
                batch.clear();
            }
        }
        ds.addEntries(batch);
    }

    static void changeDirectory(InMemoryDirectoryServer ds, int n, boolean changed) throws LDAPException {
        for (int i = 0; i < n; i += 100) {
            ds.modify("uid=p" + i + ",ou=People,dc=example,dc=com",
                    new Modification(ModificationType.REPLACE, "sn", lastName(i, changed)));
        }
    }
}
