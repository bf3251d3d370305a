package io.roster.targets.writeback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.Optional;

/** The optional event rows in an external database ({@code roster.write-back.*}). */
@ConfigMapping(prefix = "roster.write-back")
public interface WriteBackSettings {
    /** JDBC URL of the external database that receives one event row per applied change; unset = off. */
    @WithName("jdbc-url")
    Optional<String> jdbcUrl();

    Optional<String> username();

    /** A secret: set it from the environment. */
    Optional<String> password();

    /** The table the events go to (columns in the README). */
    @WithDefault("roster_events")
    String table();
}
