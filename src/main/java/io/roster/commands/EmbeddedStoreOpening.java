package io.roster.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Opens the state store for a one-shot command that needs it, or finds the running service that holds it. Such a
 * command starts without touching the store ({@code RosterMain} leaves the embedded store's migration to here): if H2
 * says another process has the file, the service's {@link LocalServiceFile} says where to ask instead.
 */
@ApplicationScoped
public class EmbeddedStoreOpening {

    /** H2's "Database may be already in use" ({@code org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1}). */
    private static final int ALREADY_OPEN = 90020;

    private final InjectableInstance<Flyway> migrations;
    private final Config config;
    private final ObjectMapper json;

    public EmbeddedStoreOpening(@Any InjectableInstance<Flyway> migrations, Config config, ObjectMapper json) {
        this.migrations = migrations;
        this.config = config;
        this.json = json;
    }

    /**
     * Migrates the active store (nothing to do when the start did), or, when a running service holds its embedded
     * file, the commands that ask that service.
     *
     * @throws IllegalStateException another process holds the store and no service says where it listens
     */
    public Optional<ServiceCommands> openOrFindService() {
        try {
            migrations.listActive().forEach(Flyway::migrate);
            return Optional.empty();
        } catch (RuntimeException e) {
            if (!heldByAnother(e)) {
                throw e;
            }
            String url = config.getOptionalValue("quarkus.datasource.embedded.jdbc.url", String.class).orElse("");
            Optional<Path> file = LocalServiceFile.beside(url);
            Optional<LocalServiceFile> service = file.flatMap(LocalServiceFile::read);
            if (service.isEmpty()) {
                throw new IllegalStateException("the embedded state store (" + file.map(f -> f.toString()
                        .replaceAll("\\.service$", "")).orElse(url) + ") is held by another Roster that serves no API"
                        + " here (a one-shot command, or a service without an HTTP port): wait for it, or use"
                        + " PostgreSQL for the state store (QUARKUS_PROFILE=postgresql)", e);
            }
            return Optional.of(new ServiceCommands(service.get(), json));
        }
    }

    private static boolean heldByAnother(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == ALREADY_OPEN) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
