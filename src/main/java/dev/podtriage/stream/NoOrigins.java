package dev.podtriage.stream;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Without a history store, episodes begin when this run of the service first sees them. */
@ApplicationScoped
class NoOrigins {
    @Produces
    @DefaultBean
    @ApplicationScoped
    FindingOrigins origins() {
        return FindingOrigins.NONE;
    }
}
