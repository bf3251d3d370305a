package io.roster.jdbc;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Agroal pools for databases named in settings at run time (HR sources, the write-back target), as opposed to the
 * state store's datasources that Quarkus declares at build time. The driver is the one the JDBC URL names.
 */
public final class JdbcPools {

    private JdbcPools() {
    }

    public static AgroalDataSource open(String jdbcUrl, Optional<String> username, Optional<String> password,
                                        int maxSize, Duration connectTimeout) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .minSize(0)
                        .maxSize(maxSize)
                        .acquisitionTimeout(connectTimeout)
                        .connectionFactoryConfiguration(cf -> {
                            cf.jdbcUrl(jdbcUrl).loginTimeout(connectTimeout);
                            username.ifPresent(u -> cf.principal(new NamePrincipal(u)));
                            password.ifPresent(p -> cf.credential(new SimplePassword(p)));
                            return cf;
                        })));
    }
}
