package io.roster.config;

import io.quarkus.runtime.annotations.CommandLineArguments;
import io.roster.config.Invocation.Command;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What this process was asked to do, decided once, before Camel starts: its arguments when it has any ({@link
 * CommandLineParser}), else the {@code roster.*} settings, as containers give them. A mistyped {@code ROSTER_*}
 * environment variable turns it into an error that runs nothing. The settings stay defaults under the arguments:
 * {@code -Droster.dry-run=true} still makes {@code roster run} a dry run.
 */
@ApplicationScoped
public class Invocations {

    private final Invocation invocation;

    public Invocations(RosterConfig config, @CommandLineArguments String[] args,
                       @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                       BeanManager beans) {
        UnknownSettings settings = new UnknownSettings(mappings(beans));
        Config all = ConfigProvider.getConfig();
        String unknown = settings.checkEnvironment(System.getenv());
        if (unknown == null) {
            unknown = settings.checkProperties(all.getPropertyNames(), name -> sourceOf(all, name));
        }
        String ustSource = all.getConfigValue("roster.ust-config").getSourceName();
        if (unknown == null && config.ustConfig().isPresent() && (ustSource == null
                || !ustSource.startsWith("SysPropConfigSource") && !ustSource.startsWith("EnvConfigSource"))) {
            unknown = "roster.ust-config is read before the settings files are: set it as ROSTER_UST_CONFIG,"
                    + " -Droster.ust-config or --ust-config, not in " + sourceOf(all, "roster.ust-config");
        }
        if (unknown != null) {
            invocation = Invocation.print("roster: " + unknown, 2);
        } else if (args != null && args.length > 0) {
            invocation = withSettings(new CommandLineParser(version).parse(args), config);
        } else {
            invocation = fromSettings(config);
        }
    }

    /**
     * Every room's settings, as the {@code @ConfigMapping} interfaces the application registered: a room that maps new
     * settings is checked without a list to keep up to date here.
     */
    static Set<Class<?>> mappings(BeanManager beans) {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            for (Type type : bean.getTypes()) {
                if (type instanceof Class<?> c && c.isInterface() && c.isAnnotationPresent(ConfigMapping.class)
                        && c.getAnnotation(ConfigMapping.class).prefix().startsWith("roster")) {
                    out.add(c);
                }
            }
        }
        out.add(RosterConfig.class);
        return out;
    }

    private static String sourceOf(Config config, String name) {
        String source = config.getConfigValue(name).getSourceName();
        if (source == null) {
            return "set somewhere";
        }
        if (source.startsWith("SysPropConfigSource")) {
            return "a -D system property";
        }
        int file = source.indexOf("application.properties");
        return file >= 0 ? "application.properties" : source;
    }

    public Invocation get() {
        return invocation;
    }

    private static Invocation withSettings(Invocation asked, RosterConfig config) {
        return new Invocation(asked.command(), asked.jobs().isEmpty() ? config.jobs().orElse(List.of()) : asked.jobs(),
                asked.dryRun() || config.dryRun(), asked.json(), asked.argument(), asked.ids(), asked.people(), asked.by(),
                asked.text(), asked.exitCode(), asked.all());
    }

    /** The run modes as the settings give them, in the order they have always been decided. */
    private static Invocation fromSettings(RosterConfig config) {
        List<String> jobs = config.jobs().orElse(List.of());
        if (!config.once()) {
            return Invocation.of(Command.SERVE, jobs, config.dryRun(), false);
        }
        if (config.encrypt()) {
            return Invocation.of(Command.ENCRYPT, jobs, false, false);
        }
        if (config.discover().isPresent()) {
            return new Invocation(Command.DISCOVER, jobs, false, true, config.discover().get(), List.of(), null, null, null, 0);
        }
        if (config.check()) {
            return Invocation.of(Command.CHECK, jobs, false, false);
        }
        if (config.safety().acceptSourceSize().isPresent()) {
            return new Invocation(Command.ACCEPT_SOURCE_SIZE, jobs, false, false, null, List.of(),
                    config.safety().acceptSourceSize().get(), config.safety().acceptedBy().orElse(null), null, 0);
        }
        if (config.deadLetters().action().isPresent()) {
            return new Invocation(Command.DEAD_LETTERS, jobs, false, false, config.deadLetters().action().get(),
                    config.deadLetters().ids().orElse(List.of()), null, null, null, 0);
        }
        return Invocation.of(Command.RUN, jobs, config.dryRun(), false);
    }
}
