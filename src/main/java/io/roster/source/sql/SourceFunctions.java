package io.roster.source.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which functions a source query may call. A SELECT that parses cleanly can still write files, read them or open
 * connections through the functions it calls, and a read-only transaction does not stop that (H2 ignores the
 * read-only flag altogether). For H2, which runs inside Roster's own process with Roster's file and network access,
 * only ordinary SQL functions are accepted: an allowlist, so user-defined aliases (Java code) are refused too. The
 * other databases run a query on their own servers under a login Roster does not control: there, the functions known
 * to reach the server's files, other servers or the operating system are refused.
 */
final class SourceFunctions {

    /**
     * H2's ordinary scalar, aggregate and window functions: strings, dates, numbers, conversions, conditions. Left
     * out on purpose: files (FILE_READ, FILE_WRITE, CSVREAD, CSVWRITE), links to other databases (LINK_SCHEMA),
     * sessions (ABORT_SESSION, CANCEL_SESSION), sequences (NEXTVAL), the database's internals (DATABASE_PATH,
     * DB_OBJECT_SQL, MEMORY_USED…), SIGNAL, SET and every user-defined alias.
     */
    static final Set<String> H2_ALLOWED = Set.of(
            // strings
            "ASCII", "BIT_LENGTH", "BTRIM", "CHAR", "CHARINDEX", "CHARACTER_LENGTH", "CHAR_LENGTH", "CHR", "CONCAT",
            "CONCAT_WS", "DIFFERENCE", "HEXTORAW", "INSERT", "INSTR", "LCASE", "LEFT", "LEN", "LENGTH",
            "LOCATE", "LOWER", "LPAD", "LTRIM", "OCTET_LENGTH", "POSITION", "QUOTE_IDENT", "RAWTOHEX", "REGEXP_LIKE",
            "REGEXP_REPLACE", "REGEXP_SUBSTR", "REPEAT", "REPLACE", "RIGHT", "RPAD", "RTRIM", "SOUNDEX", "SPACE",
            "STRINGDECODE", "STRINGENCODE", "STRINGTOUTF8", "SUBSTR", "SUBSTRING", "TO_CHAR", "TRANSLATE", "TRIM",
            "UCASE", "UPPER", "UTF8TOSTRING",
            // dates and times
            "ADD_MONTHS", "CURDATE", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURTIME", "DATE",
            "DATEADD", "DATEDIFF", "DATE_TRUNC", "DAY", "DAYNAME", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR",
            "DAY_OF_MONTH", "DAY_OF_WEEK", "DAY_OF_YEAR", "EXTRACT", "FORMATDATETIME", "FROM_UNIXTIME", "GETDATE",
            "HOUR", "ISO_DAY_OF_WEEK", "ISO_WEEK", "ISO_YEAR", "LAST_DAY", "LOCALTIME", "LOCALTIMESTAMP", "MINUTE",
            "MONTH", "MONTHNAME", "NOW", "PARSEDATETIME", "QUARTER", "SECOND", "SYSDATE", "SYSTIMESTAMP",
            "TIMESTAMPADD", "TIMESTAMPDIFF", "TODAY", "TO_DATE", "TO_TIMESTAMP", "TO_TIMESTAMP_TZ", "UNIX_TIMESTAMP",
            "WEEK", "YEAR",
            // numbers
            "ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "BITAND", "BITCOUNT", "BITGET", "BITNOT", "BITOR", "BITXOR",
            "CEIL", "CEILING", "COS", "COT", "DEGREES", "EXP", "FLOOR", "LN", "LOG", "LOG10", "MOD", "PI", "POWER",
            "RADIANS", "RAND", "RANDOM", "ROUND", "SIGN", "SIN", "SQRT", "TAN", "TRUNC", "TRUNCATE",
            // conversions, conditions, values
            "ARRAY_CONTAINS", "ARRAY_GET", "ARRAY_LENGTH", "ARRAY_SLICE", "ARRAY_TO_STRING", "CARDINALITY",
            "CASEWHEN", "CAST", "COALESCE", "CONVERT", "DECODE", "GREATEST", "HASH", "IFNULL", "ISNULL",
            "JSON_ARRAY", "JSON_OBJECT", "LEAST", "NULLIF", "NVL", "NVL2", "ORA_HASH", "RANDOM_UUID", "TRY_CAST",
            "UUID",
            // aggregates
            "ANY_VALUE", "ARRAY_AGG", "AVG", "BOOL_AND", "BOOL_OR", "COUNT", "EVERY", "GROUP_CONCAT",
            "JSON_ARRAYAGG", "JSON_OBJECTAGG", "LISTAGG", "MAX", "MEDIAN", "MIN", "MODE", "PERCENTILE_CONT",
            "PERCENTILE_DISC", "STDDEV_POP", "STDDEV_SAMP", "STRING_AGG", "SUM", "VAR_POP", "VAR_SAMP",
            // window functions
            "CUME_DIST", "DENSE_RANK", "FIRST_VALUE", "LAG", "LAST_VALUE", "LEAD", "NTH_VALUE", "NTILE",
            "PERCENT_RANK", "RANK", "RATIO_TO_REPORT", "ROW_NUMBER",
            // table functions over values, not files
            "SYSTEM_RANGE", "UNNEST");

    private static final String H2_ACCEPTED = "allowed: string, date, number, conversion, conditional, aggregate and"
            + " window functions, e.g. UPPER, TRIM, CONCAT, SUBSTRING, REPLACE, COALESCE, CAST, FORMATDATETIME, DATEADD,"
            + " COUNT, MAX, LISTAGG, ROW_NUMBER";

    /** Why H2's dangerous built-ins are refused, for a message that says what the call would do. */
    private static final Map<String, String> H2_DANGERS = Map.of(
            "CSVWRITE", "writes a file", "FILE_WRITE", "writes a file", "CSVREAD", "reads a file",
            "FILE_READ", "reads a file or URL", "LINK_SCHEMA", "opens a connection to another database");

    /**
     * Functions that reach beyond the source's data on PostgreSQL, MySQL/MariaDB and SQL Server. Names are matched
     * without schema and case; an entry ending in {@code *} is a prefix. They are refused on every database but H2,
     * whichever it is: the names mean nothing ordinary elsewhere.
     */
    private static final Map<String, String> DENIED = new LinkedHashMap<>();

    static {
        String serverFiles = "reads or writes files on the database server";
        for (String f : new String[] {"pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_ls_*", "pg_logdir_ls",
                "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_file_sync", "load_file",
                "fn_xe_file_target_read_file", "fn_get_audit_file", "fn_trace_gettable"}) {
            DENIED.put(f, serverFiles);
        }
        DENIED.put("lo_import", "loads a file of the database server into the database");
        DENIED.put("lo_export", "writes a file on the database server");
        DENIED.put("dblink*", "opens a connection to another database");
        DENIED.put("openrowset", "opens a connection to another server or reads a file on the database server");
        DENIED.put("opendatasource", "opens a connection to another server");
        DENIED.put("openquery", "runs a query on a linked server");
        DENIED.put("xp_*", "reaches the server's operating system (an extended stored procedure)");
        DENIED.put("sys_exec", "runs an operating-system command on the database server");
        DENIED.put("sys_eval", "runs an operating-system command on the database server");
        for (String f : new String[] {"query_to_xml", "query_to_xml_and_xmlschema", "query_to_xmlschema"}) {
            DENIED.put(f, "runs a query given as text, out of the check's sight");
        }
        // H2's own, should a query meant for H2 reach another database (or H2 behind another URL form).
        H2_DANGERS.forEach((f, why) -> DENIED.put(f.toLowerCase(Locale.ROOT), why));
    }

    /** A call anywhere in the text, for queries the parser could not read: {@code name (}. */
    private static final Pattern CALL = Pattern.compile("(?i)\\b([a-z_][a-z0-9_$]*)\\s*\\(");

    private SourceFunctions() {
    }

    /** Why the call is refused on this database, or empty when it may be sent. */
    static Optional<String> refusal(SqlDialect dialect, FunctionCalls.Call call) {
        return dialect == SqlDialect.H2 ? h2(call) : denied(call.last())
                .map(why -> "the query calls " + call.name() + at(call) + ", which " + why
                        + ": a source query may only read the source's data");
    }

    private static Optional<String> h2(FunctionCalls.Call call) {
        String name = call.last().toUpperCase(Locale.ROOT);
        // A built-in is never called by a schema-qualified name; such a name is a user-defined alias.
        if (call.parts().size() == 1 && H2_ALLOWED.contains(name)) {
            return Optional.empty();
        }
        String what = call.parts().size() == 1 && H2_DANGERS.containsKey(name)
                ? "which H2 runs inside Roster with file and network access (it " + H2_DANGERS.get(name) + ")"
                : "which is not one of H2's ordinary SQL functions (H2 runs functions inside Roster; a user-defined alias"
                + " is Java code)";
        return Optional.of("the query calls " + call.name() + at(call) + ", " + what
                + ": only ordinary SQL functions are accepted in a source query (" + H2_ACCEPTED + ")");
    }

    private static String at(FunctionCalls.Call call) {
        return call.where().isEmpty() ? "" : " " + call.where();
    }

    private static Optional<String> denied(String function) {
        String name = function.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : DENIED.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("*") ? name.startsWith(key.substring(0, key.length() - 1)) : name.equals(key)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * For a query the parser could not read: the first refused function it seems to call, so the refusal names it
     * (OPENROWSET(BULK …) is such a query).
     */
    static Optional<String> refusalInUnreadable(SqlDialect dialect, String sql) {
        Matcher m = CALL.matcher(sql);
        while (m.find()) {
            String name = m.group(1);
            boolean refused = dialect == SqlDialect.H2 ? H2_DANGERS.containsKey(name.toUpperCase(Locale.ROOT))
                    : denied(name).isPresent();
            if (refused) {
                return refusal(dialect, new FunctionCalls.Call(List.of(name), ""));
            }
        }
        return Optional.empty();
    }
}
