package dev.podtriage.store;

import dev.podtriage.cluster.ClusterException;
import dev.podtriage.cluster.NamespaceScope;
import dev.podtriage.diagnosis.WorkloadKind;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentFilter;
import dev.podtriage.incidents.IncidentService;
import dev.podtriage.incidents.Member;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What the API and the chat read from the history, scoped like every other read: a namespace out of
 * scope is {@code FORBIDDEN}, a pod or workload never seen {@code NOT_FOUND}, a database that fails
 * {@code UNAVAILABLE} (each a {@link ClusterException}, answered as everywhere else).
 */
@ApplicationScoped
public class HistoryQueries {
    /** Resolved incidents read from the store for one listing at most. */
    static final int MAX_PAST_INCIDENTS = 10_000;
    private static final Logger LOG = Logger.getLogger(HistoryQueries.class);

    private final History history;
    private final NamespaceScope scope;

    HistoryQueries(History history, NamespaceScope scope) {
        this.history = history;
        this.scope = scope;
    }

    public HistoryPage pod(String namespace, String name, int offset, int limit) {
        scope.check(namespace);
        return found(read(store -> store.pod(namespace, name, offset, limit)), "pod `" + namespace + "/" + name + "`");
    }

    public HistoryPage workload(String namespace, String kind, String name, int offset, int limit) {
        scope.check(namespace);
        WorkloadKind k = WorkloadKind.parse(kind).orElseThrow(() -> new ClusterException(ClusterException.Reason.INVALID, "bad-request",
                "Unknown workload kind `" + kind + "`: expected " + WorkloadKind.choices() + "."));
        return found(read(store -> store.workload(namespace, k.kind(), name, offset, limit)), k.kind() + " `" + namespace + "/" + name + "`");
    }

    /**
     * The incidents a listing of resolved ones (or all) wants: those still in memory ({@code live}) and
     * the resolved ones only the store remembers, each with the members the caller may see, in listing order.
     */
    public List<Incident> withPast(List<Incident> live, IncidentFilter filter) {
        if (filter.state() == IncidentFilter.State.OPEN || history.store().isEmpty()) {
            return live;
        }
        Set<String> known = new HashSet<>();
        live.forEach(i -> known.add(i.id() + "@" + i.firstSeen()));
        List<Incident> all = new ArrayList<>(live);
        List<Incident> past = read(store -> Optional.of(store.resolvedIncidents(filter.since(), filter.until(), filter.namespace(),
                filter.rule(), MAX_PAST_INCIDENTS))).orElse(List.of());
        for (Incident i : past) {
            if (known.contains(i.id() + "@" + i.firstSeen()) || (filter.severity() != null && !i.severity().atLeast(filter.severity()))) {
                continue;
            }
            List<Member> visible = i.members().stream().filter(m -> scope.allows(m.namespace())).toList();
            if (!visible.isEmpty()) {
                all.add(i.withMembers(visible));
            }
        }
        all.sort(IncidentService.ORDER);
        return all;
    }

    private HistoryPage found(Optional<HistoryPage> page, String what) {
        return page.orElseThrow(() -> new ClusterException(ClusterException.Reason.NOT_FOUND, "not-found", history.store().isEmpty()
                ? "pod-triage keeps no history (triage.history.enabled=false)."
                : "pod-triage has no history of " + what + ": it never saw a finding there."));
    }

    private interface Read<T> {
        Optional<T> from(HistoryStore store) throws SQLException;
    }

    private <T> Optional<T> read(Read<T> read) {
        Optional<HistoryStore> store = history.store();
        if (store.isEmpty()) {
            return Optional.empty();
        }
        try {
            return read.from(store.get());
        } catch (SQLException e) {
            LOG.warnf("History: the database did not answer (%s)", e.getMessage());
            throw new ClusterException(ClusterException.Reason.UNAVAILABLE, "history-unavailable",
                    "The history database did not answer; the server log says why.");
        }
    }
}
