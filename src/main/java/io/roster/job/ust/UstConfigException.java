package io.roster.job.ust;

import java.util.List;

/** The User Sync Tool's files cannot be taken as they are: every problem, each naming its file, line and key. */
public class UstConfigException extends RuntimeException {

    private final List<String> problems;

    public UstConfigException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0) : problems.size() + " problems in the User Sync Tool's files: "
                + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
