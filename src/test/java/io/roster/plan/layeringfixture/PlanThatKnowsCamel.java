package io.roster.plan.layeringfixture;

import org.apache.camel.Exchange;

/** Breaks the layering on purpose: a plan class that reads an exchange. LayeringTest shows its rules catch it. */
public final class PlanThatKnowsCamel {

    public Object plan(Exchange exchange) {
        return exchange.getIn().getBody();
    }
}
