package io.roster.steps.control;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Route reloading for a routes folder that is a mounted Kubernetes ConfigMap. There every file is a symlink through
 * {@code ..data} to a timestamped folder, and an edit arrives as a new folder and an atomic swap of {@code ..data}:
 * the files' own names never change, so Camel's file watcher sees nothing. This watches for that swap and hands each
 * file whose content changed to Camel's own route reloader, which then reloads it as if it had been edited in place.
 */
@ApplicationScoped
public class ConfigMapRouteReload {

    private static final Logger LOG = Logger.getLogger("io.roster.run");
    static final String DATA = "..data";

    private final Map<String, Integer> contents = new HashMap<>();
    private volatile WatchService watcher;

    void onCamelStarted(@Observes CamelEvent.CamelContextStartedEvent event) {
        CamelContext camel = event.getContext();
        RouteWatcherReloadStrategy reloader = camel.hasService(RouteWatcherReloadStrategy.class);
        if (reloader == null || reloader.getFolder() == null) {
            return;
        }
        Path folder = Path.of(reloader.getFolder()).toAbsolutePath();
        if (!Files.isSymbolicLink(folder.resolve(DATA))) {
            return; // an ordinary folder: Camel's watcher sees edits itself
        }
        try {
            remember(folder);
            watcher = folder.getFileSystem().newWatchService();
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            LOG.warnf("routes folder %s is a ConfigMap, but it cannot be watched (%s): route edits need a restart",
                    folder, e.getMessage());
            return;
        }
        Thread t = new Thread(() -> watch(camel, reloader, folder), "roster-configmap-routes");
        t.setDaemon(true);
        t.start();
        LOG.infof("routes folder %s is a Kubernetes ConfigMap: an edit of it reloads the routes it changes", folder);
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        WatchService w = watcher;
        if (w != null) {
            w.close();
        }
    }

    private void watch(CamelContext camel, RouteWatcherReloadStrategy reloader, Path folder) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean swapped = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    swapped |= DATA.equals(String.valueOf(e.context()));
                }
                key.reset();
                if (swapped) {
                    reloadChanged(camel, reloader.getResourceReload(), folder);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // shutting down
        }
    }

    private void reloadChanged(CamelContext camel, ResourceReload reload, Path folder) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.yaml")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int now = Arrays.hashCode(Files.readAllBytes(f));
                Integer before = contents.put(name, now);
                if (before == null || before != now) {
                    LOG.infof("route file %s changed in the ConfigMap: reloading it", name);
                    reload.onReload(f.toString(), ResourceHelper.resolveResource(camel, "file:" + f));
                }
            }
        } catch (Exception e) {
            LOG.errorf("reloading routes from the ConfigMap in %s failed: %s", folder, e.getMessage());
        }
    }

    private void remember(Path folder) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.yaml")) {
            for (Path f : files) {
                contents.put(f.getFileName().toString(), Arrays.hashCode(Files.readAllBytes(f)));
            }
        }
    }
}
