package io.roster.plan;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** When a run may remove people ({@code roster.safety.*}): what the removal guard is given. */
@ConfigMapping(prefix = "roster.safety")
public interface RemovalSettings {
    /** A drop in valid source people, from the last clean run or an accepted size, larger than this (count or "N%") withholds removals. */
    @WithName("max-source-drop")
    @WithDefault("20%")
    String maxSourceDrop();

    /**
     * Whether a run whose source had rejected records may still remove people. Off: a rejected record may be a
     * person still there whose address was mistyped, so such a run removes no one.
     */
    @WithName("removals-despite-rejections")
    @WithDefault("false")
    boolean removalsDespiteRejections();
}
