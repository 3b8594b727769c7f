package dev.podtriage.ha;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/** Without leader election the one replica leads. */
@DefaultBean
@ApplicationScoped
public class SingleReplica implements Leadership {
    @Override
    public boolean leading() {
        return true;
    }
}
