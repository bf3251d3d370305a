package io.roster.targets.http;

import java.time.Duration;

/** How a thread waits between attempts; replaced in tests so waits can be observed without spending them. */
public interface Sleeper {

    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
