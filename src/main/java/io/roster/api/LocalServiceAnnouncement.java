package io.roster.api;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.roster.commands.LocalServiceFile;
import io.roster.config.Invocation;
import io.roster.config.Invocations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The service holds the embedded state store's file, so a one-shot command on the same machine cannot open it: once
 * the service listens, it leaves a {@link LocalServiceFile} beside the store, and such a command asks the service's API
 * instead ({@link io.roster.commands.ServiceCommands}). The file's token opens the API to loopback callers even when
 * {@code roster.api.token} is not set; it is removed when the service stops. PostgreSQL is shared by every process, so
 * with it nothing is written.
 */
@ApplicationScoped
public class LocalServiceAnnouncement {

    private static final Logger LOG = Logger.getLogger("io.roster.api");

    private final Optional<Path> file;
    private final String token;
    private boolean written;
    private boolean stopping;

    public LocalServiceAnnouncement(Invocations invocations, Config config) {
        boolean embedded = config.getOptionalValue("quarkus.datasource.embedded.active", Boolean.class).orElse(true);
        this.file = invocations.get().command() == Invocation.Command.SERVE && embedded
                ? config.getOptionalValue("quarkus.datasource.embedded.jdbc.url", String.class)
                .flatMap(LocalServiceFile::beside)
                : Optional.empty();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The token one-shot commands on this machine bring; none in a process that writes no file. */
    public Optional<String> token() {
        return file.isPresent() ? Optional.of(token) : Optional.empty(); // accepted before a reader can see the file
    }

    synchronized void listening(@ObservesAsync HttpServerStart started) { // Quarkus fires it asynchronously
        if (file.isEmpty() || stopping) {
            return;
        }
        String host = started.options().getHost();
        if (host == null || host.isBlank() || host.equals("0.0.0.0")) {
            host = "127.0.0.1"; // every address: loopback is one of them
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "[::1]";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host.replaceAll("%.*", "") + "]";
        }
        int port = started.options().getPort();
        if (port <= 0) { // a random port: Quarkus says which it took
            port = Integer.parseInt(System.getProperty("quarkus.http.port", "0"));
        }
        if (port <= 0) {
            LOG.warnf("the HTTP port this service took is not known: one-shot commands that need the state store cannot"
                    + " run beside it");
            return;
        }
        try {
            URI api = URI.create("http://" + host + ":" + port + "/");
            new LocalServiceFile(api, token).write(file.get());
            written = true;
            LOG.debugf("one-shot commands beside this service reach its API at %s (told by %s)", api, file.get());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not write %s (%s): one-shot commands that need the state store cannot run beside this"
                    + " service", file.get(), e.getMessage());
        }
    }

    synchronized void stopped(@Observes ShutdownEvent stop) {
        stopping = true; // a start event still on its way writes nothing now
        if (!written) {
            return;
        }
        try {
            // only our own: a service started since may have written its file over ours
            if (LocalServiceFile.read(file.get()).map(f -> f.token().equals(token)).orElse(false)) {
                Files.deleteIfExists(file.get());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("could not remove %s: %s", file.get(), e.getMessage());
        }
        written = false;
    }
}
