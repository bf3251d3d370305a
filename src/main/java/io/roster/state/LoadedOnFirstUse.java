package io.roster.state;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A map read or parsed only if something asks for it: what Roster last wrote matters only for people whose values
 * differ from the source, so a run where nobody changed (100,000 people) reads and parses none of it.
 */
public final class LoadedOnFirstUse<K, V> extends AbstractMap<K, V> {

    private final Supplier<Map<K, V>> load;
    private Map<K, V> loaded;

    public LoadedOnFirstUse(Supplier<Map<K, V>> load) {
        this.load = load;
    }

    private synchronized Map<K, V> map() {
        if (loaded == null) {
            loaded = load.get();
        }
        return loaded;
    }

    @Override
    public V get(Object key) {
        return map().get(key);
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return map().entrySet();
    }
}
