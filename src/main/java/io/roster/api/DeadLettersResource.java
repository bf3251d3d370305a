package io.roster.api;

import io.roster.commands.DeadLetterCommands;
import io.roster.state.DeadLetter;
import io.roster.state.DeadLetters;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * The dead-letter store over HTTP: {@code GET /roster/dead-letters?job=&status=open}, {@code GET …/{id}},
 * {@code POST …/retry?job=&id=} (runs the letters' jobs again; letters whose person is now in step are resolved),
 * {@code DELETE …/{id}} and {@code POST …/discard?job=&id=}.
 */
@Path("/roster/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    private final DeadLetters letters;
    private final DeadLetterCommands commands;

    public DeadLettersResource(DeadLetters letters, DeadLetterCommands commands) {
        this.letters = letters;
        this.commands = commands;
    }

    @GET
    public List<DeadLetter> list(@QueryParam("job") String job, @QueryParam("status") String status) {
        return letters.list(job, status == null ? DeadLetter.OPEN : "all".equals(status) ? null : status);
    }

    @GET
    @Path("{id}")
    public DeadLetter get(@PathParam("id") long id) {
        return letters.get(id).orElseThrow(() -> new NotFoundException("no dead letter " + id));
    }

    @POST
    @Path("retry")
    public DeadLetterCommands.RetryResult retry(@QueryParam("job") List<String> jobs, @QueryParam("id") List<Long> ids) {
        return commands.retry(jobs, ids);
    }

    @POST
    @Path("discard")
    public Map<String, Integer> discard(@QueryParam("job") List<String> jobs, @QueryParam("id") List<Long> ids) {
        if (jobs.isEmpty() && ids.isEmpty()) {
            throw new BadRequestException("name the jobs (?job=) or the dead letters (?id=) to discard");
        }
        return Map.of("discarded", commands.discard(jobs, ids));
    }

    @DELETE
    @Path("{id}")
    public Map<String, Integer> discardOne(@PathParam("id") long id) {
        get(id);
        return Map.of("discarded", commands.discard(List.of(), List.of(id)));
    }
}
