package io.roster.plan;

/** A Sign group; every account has exactly one default group. */
public record SignGroup(String id, String name, boolean isDefault) {
}
