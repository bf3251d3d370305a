package io.roster.targets.sign;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A map read from the state store only if the planner asks for it: Roster's last writes matter only for people whose
 * Sign values differ from the source, so a run where nobody changed (100,000 people) reads none of them.
 */
final class LoadedOnFirstUse<K, V> extends AbstractMap<K, V> {

    private final Supplier<Map<K, V>> load;
    private Map<K, V> loaded;

    LoadedOnFirstUse(Supplier<Map<K, V>> load) {
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
