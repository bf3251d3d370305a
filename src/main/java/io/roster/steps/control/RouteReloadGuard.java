package io.roster.steps.control;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.ResourceSupport;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A route file an admin edits into something that cannot run (an invalid schedule, a broken step) must not take its
 * job away: Camel removes a file's routes before it adds the edited ones, so a failed reload would leave nothing. This
 * stands around Camel's reloader: when a reload fails, the last version that loaded is loaded again, one error line
 * says why, and the job shows as not ready ({@link #problem}) until an edit of the file loads.
 */
@ApplicationScoped
public class RouteReloadGuard {

    private static final Logger LOG = Logger.getLogger("io.roster.run");

    /** The last content of each route file (by location) that loaded. */
    private final Map<String, String> lastGood = new ConcurrentHashMap<>();
    /** Why the latest edit of a route file (by location) did not load. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final AtomicLong edits = new AtomicLong();
    private volatile CamelContext camel;

    void onCamelStarted(@Observes CamelEvent.CamelContextStartedEvent event) {
        camel = event.getContext();
        RouteWatcherReloadStrategy reloader = camel.hasService(RouteWatcherReloadStrategy.class);
        if (reloader == null) {
            return; // reload off (tests, or turned off)
        }
        for (Route r : camel.getRoutes()) {
            Resource source = r.getSourceResource();
            if (source != null) {
                read(source).ifPresent(text -> lastGood.putIfAbsent(source.getLocation(), text));
            }
        }
        ResourceReload camelsOwn = reloader.getResourceReload();
        reloader.setResourceReload((name, resource) -> reload(camelsOwn, name, resource));
    }

    void onStop(@Observes ShutdownEvent event) {
        camel = null;
    }

    private void reload(ResourceReload camelsOwn, String name, Resource resource) throws Exception {
        String location = resource.getLocation();
        Optional<String> text = read(resource);
        if (text.isPresent() && text.get().isBlank() && lastGood.containsKey(location)) {
            // an editor that rewrites the file in place shows it empty for a moment: keep what runs, wait for the edit
            LOG.debugf("route file %s is empty for now: its routes stay as they are", name);
            edits.incrementAndGet();
            return;
        }
        try {
            camelsOwn.onReload(name, resource);
            text.ifPresent(t -> lastGood.put(location, t));
            if (failures.remove(location) != null) {
                LOG.infof("route file %s loads again", name);
            }
        } catch (Exception e) {
            String why = rootMessage(e);
            String previous = lastGood.get(location);
            failures.put(location, why);
            if (previous == null) {
                LOG.errorf("route file %s could not be reloaded (%s), and no earlier version of it had loaded", name, why);
                return;
            }
            LOG.errorf("route file %s could not be reloaded: %s; the previous version keeps running until the file is fixed",
                    name, why);
            camelsOwn.onReload(name, asBefore(resource, previous));
        } finally {
            edits.incrementAndGet();
        }
    }

    /** How many route-file edits have been handled, loaded or not. */
    public long edits() {
        return edits.get();
    }

    /** The same file, as far as Camel can tell (location, URI), read as it was when it last loaded. */
    private static Resource asBefore(Resource file, String content) {
        return new ResourceSupport(file.getScheme(), file.getLocation()) {
            @Override
            public boolean exists() {
                return true;
            }

            @Override
            public URI getURI() {
                return file.getURI();
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** Why a job's route file did not reload, as a readiness problem, if it did not. */
    public Optional<String> problem(String job) {
        CamelContext c = camel;
        if (c == null || failures.isEmpty()) {
            return Optional.empty();
        }
        Route route = c.getRoute(job);
        Resource source = route == null ? null : route.getSourceResource();
        String why = source == null ? null : failures.get(source.getLocation());
        return why == null ? Optional.empty() : Optional.of("route: " + fileName(source.getLocation())
                + " could not be reloaded (" + why + "); the previous version keeps running until the file is fixed");
    }

    private static String fileName(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static Optional<String> read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
