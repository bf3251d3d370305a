package io.roster.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.roster.secrets.SecretMask;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A refused or failed console request is a page that says why (403 "read-only…", 404 "no run …", 400 "choose …"),
 * not a blank one; the API's say why in JSON ({@code {"error": "no plan …"}}), which one-shot commands beside the service
 * print.
 */
public class ConsoleErrors {

    private final Template page;

    public ConsoleErrors(@Location("console/error.html") Template page) {
        this.page = page;
    }

    @ServerExceptionMapper
    public Response refused(WebApplicationException e, UriInfo uri) {
        if (uri.getPath().startsWith("/roster") && e.getResponse().getEntity() == null && e.getMessage() != null) {
            return Response.fromResponse(e.getResponse()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(java.util.Map.of("error", SecretMask.apply(e.getMessage()))).build();
        }
        if (!uri.getPath().startsWith("/console")) {
            return e.getResponse();
        }
        int status = e.getResponse().getStatus();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page.data("base", ConsoleAccess.base(uri)).data("session", null).data("status", status)
                        .data("message", SecretMask.apply(String.valueOf(e.getMessage()))).render())
                .build();
    }
}
