package io.roster.source.csv;

import io.smallrye.config.ConfigMapping;

import java.util.Map;

/** Where each CSV job's file is ({@code roster.csv.<job>.dir / .file}, read by the job's route). */
@ConfigMapping(prefix = "roster")
public interface CsvSettings {

    /** Per CSV job, where its file is (read by the job's route). */
    Map<String, Location> csv();

    interface Location {
        String dir();

        String file();
    }

}
