package io.roster.source.sql;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server from the machine's own package (Debian's {@code mariadb-server}; {@code .ci/run} installs it
 * where it can), started in a fresh data directory under {@code target/} on a free loopback port. Tests that use it
 * are skipped when the package is not installed.
 */
final class MariaDbServer implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    private final Process process;
    private final int port;

    private MariaDbServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server, or skips the calling test when MariaDB is not installed here. */
    static MariaDbServer startOrSkip() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SERVER) && Files.isExecutable(INSTALL_DB),
                "MariaDB is not installed (apt-get install mariadb-server): skipped");
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "mariadb-").toAbsolutePath();
        Path data = dir.resolve("data");
        Process install = new ProcessBuilder(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + data, "--user=" + user(),
                "--auth-root-authentication-method=normal", "--skip-test-db")
                .redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
        if (!install.waitFor(2, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IllegalStateException("mariadb-install-db failed: " + Files.readString(dir.resolve("install.log")));
        }
        int port = freePort();
        Process server = new ProcessBuilder(List.of(SERVER.toString(), "--no-defaults", "--datadir=" + data, "--user=" + user(),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"), "--pid-file=" + dir.resolve("pid"),
                "--innodb-buffer-pool-size=32M", "--skip-name-resolve"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        MariaDbServer db = new MariaDbServer(server, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = db.connect("root", "")) {
                return db;
            } catch (SQLException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    server.destroyForcibly();
                    throw new IllegalStateException("MariaDB did not start: " + Files.readString(dir.resolve("server.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection(url(""), user, password);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static String user() {
        return System.getProperty("user.name");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
