package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** The console's background tasks: the latest, and one task's page, which reloads itself until the task ends. */
@Path("/console/tasks")
public class ConsoleTaskPages {

    private final ConsoleTasks tasks;
    private final Template list;
    private final Template one;

    public ConsoleTaskPages(ConsoleTasks tasks, @Location("console/tasks.html") Template list,
                            @Location("console/task.html") Template one) {
        this.tasks = tasks;
        this.list = list;
        this.one = one;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@Context UriInfo uri, @Context ContainerRequestContext request) {
        return list.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("tasks", tasks.latest());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance task(@PathParam("id") long id, @Context UriInfo uri,
                                 @Context ContainerRequestContext request) {
        ConsoleTasks.Task task = tasks.get(id).orElseThrow(() -> new NotFoundException("no task " + id
                + " (the console keeps its latest " + ConsoleTasks.KEPT + " tasks while Roster runs)"));
        return one.data("base", ConsoleAccess.base(uri)).data("session", ConsoleAccess.session(request))
                .data("task", task);
    }

    /** After a form that started a task: its page. */
    static jakarta.ws.rs.core.Response seeTask(UriInfo uri, ConsoleTasks.Task task) {
        return jakarta.ws.rs.core.Response.seeOther(java.net.URI.create(ConsoleAccess.base(uri) + "console/tasks/"
                + task.id())).build();
    }
}
