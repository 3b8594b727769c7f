package dev.podtriage.cluster;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Without a memo every report diagnoses afresh. */
@ApplicationScoped
class NoKeptDiagnoses {
    @Produces
    @DefaultBean
    @ApplicationScoped
    KeptDiagnoses none() {
        return KeptDiagnoses.NONE;
    }
}
