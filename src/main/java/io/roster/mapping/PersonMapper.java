package io.roster.mapping;

import io.roster.source.GroupNames;
import io.roster.source.SourceRow;
import io.roster.source.SourceRows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns source records into people: applies the mapping, keys each person by email, validates, and merges
 * repeated rows. A pure function of its inputs. A bad record is rejected with a reason that names it and the
 * field; the rest go on. Rows that repeat an email merge their groups; rows that repeat an email with
 * different data are all rejected and that email is held (neither created nor removed).
 */
public final class PersonMapper {

    static final int MAX_FIELD_LENGTH = 255;

    public MappedPeople map(SourceRows source, MappingSpec spec) {
        return map(source, spec, CleanUp.DEFAULT);
    }

    public MappedPeople map(SourceRows source, MappingSpec spec, CleanUp cleanUp) {
        spec.checkColumns(new HashSet<>(source.columns()), source.origin());
        Map<String, Draft> drafts = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        CleanUp.Counts cleaned = new CleanUp.Counts();
        for (SourceRow raw : source.rows()) {
            SourceRow row = cleanUp.apply(raw, cleaned);
            Draft d = draft(row, spec, rejections);
            if (d == null) {
                continue;
            }
            Draft earlier = drafts.get(d.key);
            if (earlier == null) {
                drafts.put(d.key, d);
            } else {
                earlier.absorb(d);
            }
        }
        Set<String> held = new LinkedHashSet<>();
        for (Rejection r : rejections) {
            if (r.key() != null) {
                held.add(r.key());
            }
        }
        List<Person> people = new ArrayList<>(drafts.size());
        for (Draft d : drafts.values()) {
            if (d.conflict != null) {
                held.add(d.key);
                for (SourceRow r : d.sources) {
                    rejections.add(new Rejection(r.describe(), d.conflict,
                            d.sources.size() + " rows claim " + d.email + " with different values of '" + d.conflict
                                    + "' (" + d.conflictValues + "); all of them are skipped until the source agrees",
                            d.key, r.values()));
                }
            } else {
                people.add(d.toPerson());
            }
        }
        return new MappedPeople(people, rejections, held, source.rows().size(), source.incomplete(), cleaned.asMap());
    }

    private static Draft draft(SourceRow row, MappingSpec spec, List<Rejection> rejections) {
        Map<String, String> values = row.values();
        String email = Emails.clean(spec.fields().get(MappingSpec.EMAIL).apply(values));
        if (row.fault() != null) {
            // the source could not trust this record; the person it seems to claim is held, never taken as gone
            String claimed = Emails.problem(email) == null ? Emails.keyOfClean(email) : null;
            rejections.add(new Rejection(row.describe(), row.fault().field(), row.fault().reason(), claimed, values));
            return null;
        }
        if (email.isEmpty()) {
            rejections.add(new Rejection(row.describe(), MappingSpec.EMAIL, "email is empty", null, values));
            return null;
        }
        String wrong = Emails.problem(email);
        if (wrong != null) {
            rejections.add(new Rejection(row.describe(), MappingSpec.EMAIL, "'" + printable(email) + "' is not a valid email: "
                    + wrong, null, values));
            return null;
        }
        String key = Emails.keyOfClean(email);
        Map<String, String> fields = new LinkedHashMap<>();
        Set<String> groups = new LinkedHashSet<>();
        for (var e : spec.fields().entrySet()) {
            String field = e.getKey();
            if (field.equals(MappingSpec.EMAIL)) {
                continue;
            }
            // one Unicode form for every value: "é" typed as one character or as e + accent is the same name, and a
            // target that holds one form is not rewritten with the other
            String value = Nfc.of(e.getValue().apply(values));
            String problem = problem(value, !field.equals(MappingSpec.GROUPS));
            if (problem != null) {
                rejections.add(new Rejection(row.describe(), field, problem, key, values));
                return null;
            }
            if (field.equals(MappingSpec.GROUPS)) {
                groups.addAll(GroupNames.split(value));
            } else {
                fields.put(field, value);
            }
        }
        return new Draft(key, email, fields, groups, row);
    }

    /** A value as a message may show it: invisible and control characters as U+XXXX, cut after 100 characters. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < 100; i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            if (c < ' ' || c == 0x7F || type == Character.FORMAT || type == Character.CONTROL
                    || c != ' ' && Character.isSpaceChar(c)) {
                out.append("<U+").append(String.format("%04X", (int) c)).append('>');
            } else {
                out.append(c);
            }
        }
        return value.length() > 100 ? out + "… (" + value.length() + " characters)" : out.toString();
    }

    private static String problem(String value, boolean limitLength) {
        if (limitLength && value.length() > MAX_FIELD_LENGTH) {
            return "value is " + value.length() + " characters long; at most " + MAX_FIELD_LENGTH + " are allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return "value contains a control character (U+" + String.format("%04X", (int) c) + ", "
                        + (c == '\t' ? "a tab" : c == '\n' || c == '\r' ? "a line break" : "not printable")
                        + ") at character " + (i + 1);
            }
            if (c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069') {
                // a right-to-left override shows a name other than the one stored ("Trojan Source")
                return "value contains a bidirectional override or isolate (U+" + String.format("%04X", (int) c)
                        + ") at character " + (i + 1);
            }
        }
        return null;
    }

    /** A person being assembled from one or more rows. */
    private static final class Draft {
        final String key;
        final String email;
        final Map<String, String> fields;
        final Set<String> groups;
        final List<SourceRow> sources = new ArrayList<>(1);
        String conflict;
        String conflictValues;

        Draft(String key, String email, Map<String, String> fields, Set<String> groups, SourceRow row) {
            this.key = key;
            this.email = email;
            this.fields = fields;
            this.groups = groups;
            sources.add(row);
        }

        void absorb(Draft other) {
            sources.add(other.sources.get(0));
            groups.addAll(other.groups);
            if (conflict != null) {
                return;
            }
            for (var e : other.fields.entrySet()) {
                String mine = fields.get(e.getKey());
                String theirs = e.getValue();
                if (mine == null || mine.isEmpty()) {
                    fields.put(e.getKey(), theirs);
                } else if (!theirs.isEmpty() && !Objects.equals(mine, theirs)) {
                    conflict = e.getKey();
                    conflictValues = "'" + mine + "' vs '" + theirs + "'";
                    return;
                }
            }
        }

        Person toPerson() {
            String rows = sources.size() == 1 ? sources.get(0).describe()
                    : String.join(", ", sources.stream().map(SourceRow::describe).toList());
            // the draft is dropped here, so its group set is handed over rather than copied
            return new Person(key, email, Map.copyOf(fields), Collections.unmodifiableSet(groups), rows);
        }
    }
}
