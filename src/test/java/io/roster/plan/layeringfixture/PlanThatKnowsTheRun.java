package io.roster.plan.layeringfixture;

import io.roster.steps.Run;

/** Breaks the layering on purpose: a plan class that reads the run the steps carry. LayeringTest shows its rules catch it. */
public final class PlanThatKnowsTheRun {

    public String job(Run run) {
        return run.job();
    }
}
