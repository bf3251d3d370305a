package io.roster.steps;

import io.roster.mapping.MappedPeople;
import io.roster.plan.SignOrgState;
import io.roster.targets.sign.SignAccountsState;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertSame;

class SignInputsAggregationTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final SignInputsAggregation join = new SignInputsAggregation();

    private Exchange withBody(Object body) {
        Exchange e = new DefaultExchange(camel);
        e.getIn().setBody(body);
        return e;
    }

    @Test
    void theTwoHalvesBecomeOneBodyWhicheverArrivesFirst() {
        MappedPeople people = new MappedPeople(List.of(), List.of(), Set.of(), 0);
        SignAccountsState accounts = new SignAccountsState(Map.of("primary", SignOrgState.empty("primary")));
        for (boolean peopleFirst : new boolean[] {true, false}) {
            Exchange first = join.aggregate(null, withBody(peopleFirst ? people : accounts));
            Exchange both = join.aggregate(first, withBody(peopleFirst ? accounts : people));
            SignInputs inputs = both.getIn().getBody(SignInputs.class);
            assertSame(people, inputs.people());
            assertSame(accounts, inputs.accounts());
        }
    }

    @Test
    void aHalfThatFailedPassesItsFailureOn() {
        IllegalStateException readFailed = new IllegalStateException("Sign account primary: 503 after 6 attempts");
        Exchange failed = withBody(null);
        failed.setException(readFailed);
        Exchange first = join.aggregate(null, withBody(new MappedPeople(List.of(), List.of(), Set.of(), 0)));
        assertSame(readFailed, join.aggregate(first, failed).getException());
        assertSame(readFailed, join.aggregate(join.aggregate(null, failed),
                withBody(new MappedPeople(List.of(), List.of(), Set.of(), 0))).getException());
    }
}
