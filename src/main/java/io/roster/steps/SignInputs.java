package io.roster.steps;

import io.roster.mapping.MappedPeople;
import io.roster.targets.sign.SignAccountsState;

/** What a Sign job plans with: the people its source gave, and what its accounts hold now (read at the same time). */
public record SignInputs(MappedPeople people, SignAccountsState accounts) {
}
