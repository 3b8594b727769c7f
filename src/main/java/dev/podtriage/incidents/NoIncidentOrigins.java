package dev.podtriage.incidents;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Without a history store, every incident begins when this run of the service first sees it. */
@ApplicationScoped
class NoIncidentOrigins {
    @Produces
    @DefaultBean
    @ApplicationScoped
    IncidentOrigins origins() {
        return IncidentOrigins.NONE;
    }
}
