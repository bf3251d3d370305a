package io.roster.source.sql;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one statement Roster sends to a source: a single SELECT, checked by a SQL parser before it is sent, or built
 * from a table and its columns for admins who don't write SQL. Roster never writes to a source; this is the first
 * of two locks (the second is the read-only transaction). The check covers the functions the query calls too
 * ({@link SourceFunctions}): a SELECT can write and read files through them, which no read-only transaction stops.
 */
public final class SelectQuery {

    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_ $#@-]*");
    /** MySQL's file-writing SELECT, which the parser does not read: named, rather than "could not be read". */
    private static final Pattern INTO_FILE = Pattern.compile("(?is)\\bINTO\\s+(OUTFILE|DUMPFILE)\\b");

    private SelectQuery() {
    }

    /** The parsed statements and the parser's syntax tree of them, where every function call is a node. */
    private record Parsed(Statements statements, Node tree) {
    }

    /**
     * The statement a SQL source sends: the admin's own SELECT ({@code sql.query}, checked), or one built from
     * {@code sql.table} and its columns (by default the columns the mapping reads).
     */
    public static String of(SqlSourceSpec spec, List<String> mappedColumns, SqlDialect dialect, String quote) {
        if (spec.query() != null) {
            return checked(spec.query(), dialect);
        }
        return build(spec.table(), spec.columns().isEmpty() ? mappedColumns : spec.columns(), quote);
    }

    /**
     * Accepts a single plain SELECT (with CTEs, unions, subqueries) that calls only functions {@code dialect}'s
     * sources may call; refuses anything that writes, locks, or reaches files or the network.
     */
    public static String checked(String sql, SqlDialect dialect) {
        Parsed parsed;
        try {
            parsed = parse(sql);
        } catch (JSQLParserException e) {
            if (INTO_FILE.matcher(sql).find()) {
                throw new QueryRejectedException("SELECT … INTO OUTFILE/DUMPFILE writes a file on the database server:"
                        + " only a plain SELECT is accepted");
            }
            SourceFunctions.refusalInUnreadable(dialect, sql).ifPresent(refusal -> {
                throw new QueryRejectedException(refusal);
            });
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new QueryRejectedException("the query could not be read as a single SELECT: "
                    + firstLine(why));
        }
        Statements statements = parsed.statements();
        if (statements.size() != 1) {
            throw new QueryRejectedException("only a single statement is accepted; the query has " + statements.size());
        }
        Statement st = statements.get(0);
        if (!(st instanceof Select select)) {
            throw new QueryRejectedException("only a SELECT is accepted; this is " + kind(st)
                    + ": Roster never writes to a source");
        }
        checkSelect(select);
        for (FunctionCalls.Call call : FunctionCalls.in(parsed.tree())) {
            SourceFunctions.refusal(dialect, call).ifPresent(refusal -> {
                throw new QueryRejectedException(refusal);
            });
        }
        return sql.strip().replaceAll(";\\s*$", "");
    }

    /** SQL Server's [bracketed names] clash with PostgreSQL's arrays, so they are tried only when the plain parse fails. */
    private static Parsed parse(String sql) throws JSQLParserException {
        // The parser that read the query (the last one made: JSqlParser retries with a new one) holds its tree.
        AtomicReference<CCJSqlParser> parser = new AtomicReference<>();
        Statements statements;
        try {
            statements = parse(sql, parser::set);
        } catch (JSQLParserException e) {
            if (!sql.contains("[")) {
                throw e;
            }
            statements = parse(sql, p -> parser.set(p.withSquareBracketQuotation(true)));
        }
        if (statements == null) {
            throw new JSQLParserException("the query is empty");
        }
        return new Parsed(statements, parser.get().getASTRoot());
    }

    /**
     * JSqlParser parses on a thread of an executor it shuts down only when the parse succeeds: each query it could
     * not read would leave a thread behind (and every [bracketed] SQL Server query fails its first parse). Ours is
     * shut down either way.
     */
    private static Statements parse(String sql, Consumer<CCJSqlParser> configure) throws JSQLParserException {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "roster-sql-parse");
            t.setDaemon(true);
            return t;
        });
        try {
            return CCJSqlParserUtil.parseStatements(sql, executor, configure);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void checkSelect(Select select) {
        if (select.getWithItemsList() != null) {
            for (WithItem<?> w : select.getWithItemsList()) {
                Object inner = w.getParenthesedStatement();
                if (inner instanceof Select s) {
                    checkSelect(s);
                } else if (inner != null) {
                    throw new QueryRejectedException("the WITH clause '" + w.getAliasName()
                            + "' changes data: only a SELECT is accepted");
                }
            }
        }
        if (select.getForMode() != null) {
            throw new QueryRejectedException("SELECT … FOR " + select.getForMode() + " locks rows: leave it out");
        }
        if (select instanceof PlainSelect plain) {
            if (plain.getIntoTables() != null && !plain.getIntoTables().isEmpty() || plain.getIntoTempTable() != null) {
                throw new QueryRejectedException("SELECT … INTO creates a table: only a plain SELECT is accepted");
            }
        } else if (select instanceof SetOperationList set) {
            set.getSelects().forEach(SelectQuery::checkSelect);
        } else if (select instanceof ParenthesedSelect p && p.getSelect() != null) {
            checkSelect(p.getSelect());
        }
    }

    /** {@code SELECT <columns> FROM <table>}, each name checked and quoted the database's way. */
    public static String build(String table, List<String> columns, String quote) {
        if (columns.isEmpty()) {
            throw new QueryRejectedException("no columns to read from " + table + ": list sql.columns, or map fields from columns");
        }
        String q = quote == null || quote.isBlank() ? "\"" : quote.strip();
        String from = Arrays.stream(table.split("\\.", -1)).map(p -> quoted(p, q, "table")).collect(Collectors.joining("."));
        String cols = columns.stream().map(c -> quoted(c, q, "column")).collect(Collectors.joining(", "));
        return "SELECT " + cols + " FROM " + from;
    }

    private static String quoted(String name, String q, String what) {
        String n = name.strip();
        if (!IDENTIFIER.matcher(n).matches()) {
            throw new QueryRejectedException("'" + name + "' is not a plain " + what + " name");
        }
        return q + n + q;
    }

    private static String kind(Statement st) {
        String simple = st.getClass().getSimpleName();
        return switch (simple) {
            case "Insert" -> "an INSERT";
            case "Update" -> "an UPDATE";
            case "Delete" -> "a DELETE";
            case "Merge" -> "a MERGE";
            case "Drop" -> "a DROP";
            case "Truncate" -> "a TRUNCATE";
            case "Execute" -> "an EXECUTE";
            default -> "a " + simple.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase() + " statement";
        };
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
