package io.roster.mapping;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** What Roster may mend in source values before it checks them ({@code roster.clean-up.*}); each clean-up is counted in the run's report. */
@ConfigMapping(prefix = "roster.clean-up")
public interface CleanUpSettings {
    /** Trim ordinary spaces at the ends of values (a tab or no-break space is never trimmed: it is named). */
    @WithName("trim-spaces")
    @WithDefault("true")
    boolean trimSpaces();

    /** Fold a line break inside a value (and the spaces around it) into one space; off, it rejects the record. */
    @WithName("fold-line-breaks")
    @WithDefault("false")
    boolean foldLineBreaks();
}
