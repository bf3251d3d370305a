package io.roster.source.sql;

import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.select.TableFunction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every function a parsed query calls, wherever it sits: select list, FROM (table functions), joins, WHERE, GROUP BY,
 * HAVING, ORDER BY, window clauses, CASE, nested calls, subqueries and WITH queries. It walks the parser's syntax
 * tree, where each call is a node of its own, rather than the statement's objects, whose visitors skip clauses
 * (JSqlParser's own adapters pass over GROUP BY, ORDER BY and window partitions).
 */
final class FunctionCalls {

    /** A call: its name as written, part by part (quotes removed), and where in the query it is. */
    record Call(List<String> parts, String where) {

        String name() {
            return String.join(".", parts);
        }

        /** The function's own name, without schema or database. */
        String last() {
            return parts.isEmpty() ? "" : parts.get(parts.size() - 1);
        }
    }

    private static final Map<String, String> CLAUSES = Map.ofEntries(
            Map.entry("SELECT", "the select list"), Map.entry("FROM", "the FROM clause"), Map.entry("JOIN", "a JOIN"),
            Map.entry("ON", "a JOIN"), Map.entry("USING", "a JOIN"), Map.entry("WHERE", "the WHERE clause"),
            Map.entry("GROUP", "GROUP BY"), Map.entry("HAVING", "HAVING"), Map.entry("ORDER", "ORDER BY"),
            Map.entry("QUALIFY", "QUALIFY"), Map.entry("WINDOW", "WINDOW"), Map.entry("WITH", "the WITH clause"),
            Map.entry("TOP", "TOP"), Map.entry("LIMIT", "LIMIT"), Map.entry("OFFSET", "OFFSET"), Map.entry("FETCH", "FETCH"),
            Map.entry("CONNECT", "CONNECT BY"), Map.entry("START", "START WITH"));

    private FunctionCalls() {
    }

    /** The calls under {@code root} (the parser's tree of the whole query), in the order they are written. */
    static List<Call> in(Node root) {
        Map<Token, Function> calls = new IdentityHashMap<>();
        collect(root, calls);
        List<Call> found = new ArrayList<>();
        if (calls.isEmpty()) {
            return found;
        }
        // Where each call is: the clause keyword last seen at each depth of parentheses, read in the tokens' order.
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame());
        for (Token t = ((SimpleNode) root).jjtGetFirstToken(); t != null && t.image != null; t = t.next) {
            Function f = calls.get(t);
            if (f != null) {
                found.add(new Call(parts(f), where(frames)));
            }
            switch (t.image) {
                case "(" -> frames.push(new Frame());
                case ")" -> {
                    if (frames.size() > 1) {
                        frames.pop();
                    }
                }
                default -> {
                    String word = t.image.toUpperCase(Locale.ROOT);
                    if (CLAUSES.containsKey(word)) {
                        frames.peek().clause = word;
                        frames.peek().query |= word.equals("SELECT");
                    }
                }
            }
            if (t == ((SimpleNode) root).jjtGetLastToken()) {
                break;
            }
        }
        return found;
    }

    /** The calls by their first token; a call's node may be nested in another node of the same call. */
    private static void collect(Node node, Map<Token, Function> calls) {
        SimpleNode n = (SimpleNode) node;
        // A table function (FROM CSVREAD(…)) wraps the call, which has a node of its own.
        if (n.jjtGetValue() instanceof Function f && !(f instanceof TableFunction) && n.jjtGetFirstToken() != null) {
            calls.putIfAbsent(n.jjtGetFirstToken(), f);
        }
        for (int i = 0; i < n.jjtGetNumChildren(); i++) {
            collect(n.jjtGetChild(i), calls);
        }
    }

    private static List<String> parts(Function f) {
        List<String> parts = new ArrayList<>();
        if (f.getMultipartName() != null) {
            for (String p : f.getMultipartName()) {
                if (p != null && !p.isEmpty()) {
                    parts.add(unquoted(p));
                }
            }
        }
        return parts;
    }

    static String unquoted(String name) {
        if (name.length() >= 2) {
            char first = name.charAt(0);
            char last = name.charAt(name.length() - 1);
            if (first == '"' && last == '"' || first == '`' && last == '`' || first == '[' && last == ']') {
                return name.substring(1, name.length() - 1);
            }
        }
        return name;
    }

    /** "in the WHERE clause", or for a call in a subquery "in the select list of a subquery in the WHERE clause". */
    private static String where(Deque<Frame> frames) {
        Frame outer = frames.peekLast();
        String at = "in " + label(outer);
        for (Frame f : frames) {
            if (f != outer && f.query) {
                return "in " + label(f) + " of a subquery " + at;
            }
        }
        return at;
    }

    private static String label(Frame f) {
        return CLAUSES.getOrDefault(f.clause == null ? "SELECT" : f.clause, "the query");
    }

    /** One depth of parentheses: the clause being read there, and whether a query (SELECT) starts in it. */
    private static final class Frame {
        String clause;
        boolean query;
    }
}
