package io.roster.source.sql;

import java.util.Locale;

/**
 * The kind of database a SQL source is, told by its JDBC URL. It decides which functions a source query may call:
 * H2 runs inside Roster's own process, the others on their own servers.
 */
public enum SqlDialect {
    H2, POSTGRESQL, MYSQL, SQL_SERVER, OTHER;

    public static SqlDialect of(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.strip().toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        } else if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MYSQL;
        } else if (url.startsWith("jdbc:sqlserver:")) {
            return SQL_SERVER;
        }
        return OTHER;
    }
}
