package io.roster.source;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One record's values by column, read-only: an array of values over the column index every record of the read shares.
 * A read holds all its records until they are mapped; a hash map each would be several times the size, and a 100,000-row
 * read would spend its time copying them from one garbage-collector space to the next. A null value is an absent one.
 */
public final class RowValues extends AbstractMap<String, String> {

    /** The columns of one read, shared by its records. */
    public static final class Columns {
        private final String[] names;
        private final Map<String, Integer> index;

        public Columns(List<String> names) {
            this.names = names.toArray(String[]::new);
            this.index = new HashMap<>(names.size() * 2);
            for (int i = 0; i < this.names.length; i++) {
                index.put(this.names[i], i); // a column renamed onto another's name wins, as it came later
            }
        }

        public int size() {
            return names.length;
        }
    }

    private final Columns columns;
    private final String[] values;

    /** {@code values} is taken as it is, not copied: the caller hands it over. */
    public RowValues(Columns columns, String[] values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        this.columns = columns;
        this.values = values;
    }

    @Override
    public String get(Object column) {
        Integer i = columns.index.get(column);
        return i == null ? null : values[i];
    }

    @Override
    public boolean containsKey(Object column) {
        return get(column) != null;
    }

    /** Every present value with its column, without an entry object each (it runs once per value of a read). */
    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                action.accept(columns.names[i], values[i]);
            }
        }
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < values.length && values[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> e = new SimpleImmutableEntry<>(columns.names[next], values[next]);
                        next = advance(next + 1);
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                int n = 0;
                for (String v : values) {
                    if (v != null) {
                        n++;
                    }
                }
                return n;
            }
        };
    }
}
