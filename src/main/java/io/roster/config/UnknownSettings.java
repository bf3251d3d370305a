package io.roster.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Catches a mistyped setting: a {@code ROSTER_*} environment variable, which would otherwise be ignored without a word
 * ({@code ROSTER_DRYRUN=true} would start a live run), or a {@code roster.*} property from any source. Each is checked
 * against every setting the rooms' {@code @ConfigMapping}s know (RosterConfig, SignSettings, …), a map's key ({@code ROSTER_SIGN_ORGS_<ORG>_BASE_URL}) matching any
 * name, and the nearest known one is named. (SmallRye's own check, which names no nearest, is turned off for this.)
 */
public final class UnknownSettings {

    private record Known(String property, String env, Pattern pattern, Pattern dotted) {
    }

    private final List<Known> known = new ArrayList<>();

    /** @param mappings every {@code @ConfigMapping} interface of Roster's settings */
    public UnknownSettings(Collection<Class<?>> mappings) {
        Set<String> properties = new TreeSet<>();
        for (Class<?> mapping : mappings) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            properties.addAll(ConfigMappings.getProperties(new ConfigMappings.ConfigClass(mapping, prefix)).keySet());
        }
        for (String property : properties) {
            if (property.endsWith("[*]")) {
                continue; // a list's indexed form; its plain name is there too
            }
            String env = property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9*]", "_");
            StringBuilder regex = new StringBuilder();
            for (String part : env.split("\\*", -1)) {
                regex.append(regex.length() == 0 ? "" : "[A-Z0-9_]+").append(Pattern.quote(part));
            }
            StringBuilder dotted = new StringBuilder();
            for (String part : property.split("\\*", -1)) {
                dotted.append(dotted.length() == 0 ? "" : "[^.]+").append(Pattern.quote(part));
            }
            known.add(new Known(property, env.replace("*", "<NAME>"), Pattern.compile(regex.toString()),
                    Pattern.compile(dotted.toString())));
        }
    }

    /** The first {@code ROSTER_*} variable that names no setting, as a one-line error with the nearest; null if none. */
    public String checkEnvironment(Map<String, String> environment) {
        List<String> names = new ArrayList<>(environment.keySet());
        names.sort(null);
        for (String name : names) {
            if (!name.startsWith("ROSTER_") || known.stream().anyMatch(k -> k.pattern().matcher(name).matches())) {
                continue;
            }
            Known nearest = known.get(0);
            int best = Integer.MAX_VALUE;
            for (Known k : known) {
                int d = distance(name, k.env());
                if (d < best) {
                    best = d;
                    nearest = k;
                }
            }
            return "the environment variable " + name + " is not a Roster setting; did you mean " + nearest.env()
                    + " (" + nearest.property() + ")? Nothing was run.";
        }
        return null;
    }

    /**
     * The first {@code roster.*} property (from application.properties, a system property, any config source) that names
     * no setting, as a one-line error with the nearest; null if none. {@code source} says where a name was set.
     */
    public String checkProperties(Iterable<String> names, Function<String, String> source) {
        List<String> sorted = new ArrayList<>();
        names.forEach(sorted::add);
        sorted.sort(null);
        for (String name : sorted) {
            if (!name.startsWith("roster.")) {
                continue;
            }
            String plain = name.replaceAll("\\[\\d+]", "");
            if (known.stream().anyMatch(k -> k.dotted().matcher(plain).matches())) {
                continue;
            }
            Known nearest = known.get(0);
            int best = Integer.MAX_VALUE;
            for (Known k : known) {
                int d = distance(plain, k.property().replace("*", "<name>"));
                if (d < best) {
                    best = d;
                    nearest = k;
                }
            }
            return "the setting " + name + " (" + source.apply(name) + ") is not a Roster setting; did you mean "
                    + nearest.property().replace("*", "<name>") + "? Nothing was run.";
        }
        return null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
