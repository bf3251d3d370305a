package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.roster.commands.HeldCommands;
import io.roster.mapping.Emails;
import io.roster.state.ChangeJournal;
import io.roster.state.DeadLetters;
import io.roster.steps.control.JobRunner;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * "Why is this person …?" on one page: what Roster changed of them run after run (before → after), the dead letters
 * that hold them back and why, and the changes of theirs a hold keeps waiting.
 */
@Path("/console/people")
public class ConsolePeople {

    /** The newest audit rows a person's page shows. */
    static final int HISTORY = 200;

    private final ChangeJournal journal;
    private final DeadLetters letters;
    private final HeldCommands held;
    private final JobRunner runner;
    private final Template page;

    public ConsolePeople(ChangeJournal journal, DeadLetters letters, HeldCommands held, JobRunner runner,
                         @Location("console/person.html") Template page) {
        this.journal = journal;
        this.letters = letters;
        this.held = held;
        this.runner = runner;
        this.page = page;
    }

    @GET
    @Path("{key}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance person(@PathParam("key") String key, @Context UriInfo uri,
                                   @Context ContainerRequestContext request) {
        String k = Emails.key(key); // as Roster keys people everywhere (case, spaces, Unicode form)
        List<String> jobs = runner.jobs();
        return page.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("key", k)
                .data("history", journal.personHistory(jobs, k, HISTORY))
                .data("letters", letters.ofPerson(jobs, k))
                .data("held", held.list(List.of(), List.of()).stream().filter(h -> k.equals(h.key())).toList());
    }
}
