package io.roster.source.sql;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The SQL sources ({@code roster.sources.<name>.*}). */
@ConfigMapping(prefix = "roster")
public interface SqlSourceSettings {

    /** SQL sources by name, addressed by a job file's {@code sql.datasource}. */
    Map<String, Source> sources();

    interface Source {
        /** e.g. jdbc:postgresql://hr-db:5432/hr, jdbc:sqlserver://hr-db:1433;databaseName=hr, jdbc:mariadb://… */
        @WithName("jdbc-url")
        String jdbcUrl();

        Optional<String> username();

        /** A secret: set it from the environment (ROSTER_SOURCES_<NAME>_PASSWORD). */
        Optional<String> password();

        /** Connections kept for this source (a read uses one; a check another). */
        @WithName("max-connections")
        @WithDefault("2")
        int maxConnections();

        /** Rows fetched per round trip while streaming a read. */
        @WithName("fetch-size")
        @WithDefault("1000")
        int fetchSize();

        /** How long to wait for a connection (the driver's login timeout as well). */
        @WithName("connect-timeout")
        @WithDefault("15s")
        Duration connectTimeout();

        /** The longest a query may run before the database is asked to cancel it. */
        @WithName("query-timeout")
        @WithDefault("10m")
        Duration queryTimeout();
    }

}
