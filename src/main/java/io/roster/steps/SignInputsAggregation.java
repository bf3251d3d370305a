package io.roster.steps;

import io.roster.mapping.MappedPeople;
import io.roster.targets.sign.SignAccountsState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Joins the two halves of a Sign job's read, done at once by a multicast: the people (source, mapped) and the
 * accounts' state, into one {@link SignInputs} body. A half that failed passes its failure on.
 */
@ApplicationScoped
@Named("signInputs")
public class SignInputsAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange joined, Exchange part) {
        if (joined == null) {
            part.getIn().setBody(with(new SignInputs(null, null), part.getIn().getBody()));
            return part;
        }
        if (part.getException() != null && joined.getException() == null) {
            joined.setException(part.getException());
        }
        joined.getIn().setBody(with(joined.getIn().getBody(SignInputs.class), part.getIn().getBody()));
        return joined;
    }

    private static SignInputs with(SignInputs inputs, Object half) {
        if (half instanceof MappedPeople people) {
            return new SignInputs(people, inputs.accounts());
        }
        if (half instanceof SignAccountsState accounts) {
            return new SignInputs(inputs.people(), accounts);
        }
        return inputs;
    }
}
