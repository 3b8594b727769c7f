package dev.podtriage.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.diagnosis.Evidence;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.Severity;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentAlert;
import dev.podtriage.incidents.Member;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The history database through plain JDBC, in SQL that H2 and PostgreSQL both take (the schema is
 * {@code db/history}, migrated by Flyway). Instants are stored as epoch milliseconds.
 */
public class HistoryStore {
    /** SQLState of a unique-key violation, the same in H2 and PostgreSQL. */
    private static final String DUPLICATE_KEY = "23505";
    private static final TypeReference<List<Evidence>> EVIDENCE = new TypeReference<>() {
    };
    private static final String EPISODE_COLUMNS = "subject_kind, namespace, name, uid, owner_kind, owner_name, rule, severity, title, "
            + "container, first_seen, last_seen, resolved_at, message, evidence";
    private static final String OPEN_EPISODE = " WHERE subject_kind = ? AND namespace = ? AND name = ? AND uid = ? AND finding_key = ? AND resolved_at IS NULL";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public HistoryStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Writes a batch in one transaction, in order. */
    void write(List<Write> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Write w : batch) {
                    if (w instanceof Write.Seen s) {
                        seen(c, s);
                    } else if (w instanceof Write.Resolved r) {
                        resolved(c, r);
                    } else if (w instanceof Write.IncidentSeen i) {
                        incident(c, i);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void seen(Connection c, Write.Seen s) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE finding_episode SET last_seen = ?, severity = ?" + OPEN_EPISODE)) {
            update.setLong(1, s.at().toEpochMilli());
            update.setString(2, s.finding().severity().id());
            key(update, 3, s.key());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        Finding f = s.finding();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO finding_episode (" + EPISODE_COLUMNS + ", finding_key) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            EpisodeKey k = s.key();
            insert.setString(1, k.kind());
            insert.setString(2, k.namespace());
            insert.setString(3, k.name());
            insert.setString(4, k.uid());
            insert.setString(5, s.owner() == null ? null : s.owner().kind());
            insert.setString(6, s.owner() == null ? null : s.owner().name());
            insert.setString(7, f.rule());
            insert.setString(8, f.severity().id());
            insert.setString(9, f.title());
            insert.setString(10, f.container());
            insert.setLong(11, s.since().toEpochMilli());
            insert.setLong(12, s.at().toEpochMilli());
            insert.setNull(13, Types.BIGINT);
            insert.setString(14, f.message() == null ? "" : f.message().markdown());
            insert.setString(15, toJson(f.evidence() == null ? List.of() : f.evidence()));
            insert.setString(16, k.findingKey());
            insert.executeUpdate();
        }
    }

    private static void resolved(Connection c, Write.Resolved r) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE finding_episode SET last_seen = ?, resolved_at = ?" + OPEN_EPISODE)) {
            update.setLong(1, r.at().toEpochMilli());
            update.setLong(2, r.at().toEpochMilli());
            key(update, 3, r.key());
            update.executeUpdate();
        }
    }

    private static void key(PreparedStatement s, int from, EpisodeKey k) throws SQLException {
        s.setString(from, k.kind());
        s.setString(from + 1, k.namespace());
        s.setString(from + 2, k.name());
        s.setString(from + 3, k.uid());
        s.setString(from + 4, k.findingKey());
    }

    private void incident(Connection c, Write.IncidentSeen seen) throws SQLException {
        Incident i = seen.incident();
        Long pk = null;
        try (PreparedStatement find = c.prepareStatement("SELECT pk FROM incident WHERE id = ? AND resolved_at IS NULL")) {
            find.setString(1, i.id());
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    pk = rs.getLong(1);
                }
            }
        }
        long firstSeen = (i.firstSeen() == null ? seen.at() : i.firstSeen()).toEpochMilli();
        long lastSeen = (i.lastSeen() == null ? seen.at() : i.lastSeen()).toEpochMilli();
        if (pk == null) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO incident (id, rule, severity, first_seen, last_seen, resolved_at, body) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"pk"})) {
                insert.setString(1, i.id());
                insert.setString(2, i.rule());
                insert.setString(3, i.severity().id());
                insert.setLong(4, firstSeen);
                insert.setLong(5, lastSeen);
                instant(insert, 6, i.resolvedAt());
                insert.setString(7, toJson(i));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    pk = keys.getLong(1);
                }
            }
        } else {
            try (PreparedStatement update = c.prepareStatement("UPDATE incident SET severity = ?, last_seen = ?, resolved_at = ?, body = ? WHERE pk = ?")) {
                update.setString(1, i.severity().id());
                update.setLong(2, lastSeen);
                instant(update, 3, i.resolvedAt());
                update.setString(4, toJson(i));
                update.setLong(5, pk);
                update.executeUpdate();
            }
            for (String table : List.of("incident_member", "incident_alert")) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE incident_pk = ?")) {
                    delete.setLong(1, pk);
                    delete.executeUpdate();
                }
            }
        }
        members(c, pk, i.members() == null ? List.of() : i.members());
        alerts(c, pk, i.alerts() == null ? List.of() : i.alerts(), seen.at());
    }

    private static void alerts(Connection c, long pk, List<IncidentAlert> alerts, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO incident_alert (incident_pk, alertname, fingerprint, status, seen_at) "
                + "VALUES (?, ?, ?, ?, ?)")) {
            for (IncidentAlert a : alerts) {
                insert.setLong(1, pk);
                insert.setString(2, a.alertname());
                insert.setString(3, a.fingerprint());
                insert.setString(4, a.status());
                insert.setLong(5, at.toEpochMilli());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void members(Connection c, long pk, List<Member> members) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO incident_member (incident_pk, kind, namespace, name, owner_kind, owner_name, node, since) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Member m : members) {
                insert.setLong(1, pk);
                insert.setString(2, m.kind());
                insert.setString(3, m.namespace());
                insert.setString(4, m.name());
                insert.setString(5, m.owner() == null ? null : m.owner().kind());
                insert.setString(6, m.owner() == null ? null : m.owner().name());
                insert.setString(7, m.node());
                instant(insert, 8, m.since());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void instant(PreparedStatement s, int index, Instant at) throws SQLException {
        if (at == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, at.toEpochMilli());
        }
    }

    /** Every open episode with when it began: what a restarted recorder continues. */
    Map<EpisodeKey, Instant> openEpisodes() throws SQLException {
        Map<EpisodeKey, Instant> open = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT subject_kind, namespace, name, uid, finding_key, first_seen FROM finding_episode WHERE resolved_at IS NULL");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                open.put(new EpisodeKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                        Instant.ofEpochMilli(rs.getLong(6)));
            }
        }
        return open;
    }

    /** A pod's episodes (of every pod of that name it has seen), newest first; empty when it never saw one. */
    public Optional<HistoryPage> pod(String namespace, String name, int offset, int limit) throws SQLException {
        return page("Pod", namespace, name, "namespace = ? AND subject_kind = 'Pod' AND name = ?", List.of(namespace, name), offset, limit);
    }

    /** A workload's own episodes and those of the pods it has had, newest first; empty when it never saw one. */
    public Optional<HistoryPage> workload(String namespace, String kind, String name, int offset, int limit) throws SQLException {
        return page(kind, namespace, name, "namespace = ? AND ((subject_kind = ? AND name = ?) OR (subject_kind = 'Pod' AND owner_kind = ? AND owner_name = ?))",
                List.of(namespace, kind, name, kind, name), offset, limit);
    }

    private Optional<HistoryPage> page(String kind, String namespace, String name, String where, List<String> args, int offset, int limit)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            int total;
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM finding_episode WHERE " + where)) {
                bind(count, args);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            if (total == 0) {
                return Optional.empty();
            }
            List<HistoryEntry> items = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + EPISODE_COLUMNS + " FROM finding_episode WHERE " + where
                    + " ORDER BY first_seen DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                bind(q, args);
                q.setInt(args.size() + 1, offset);
                q.setInt(args.size() + 2, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        items.add(entry(rs));
                    }
                }
            }
            String next = offset + items.size() < total ? Integer.toString(offset + items.size()) : null;
            return Optional.of(new HistoryPage(kind, namespace, name, total, items, next));
        }
    }

    private static void bind(PreparedStatement s, List<String> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            s.setString(i + 1, args.get(i));
        }
    }

    private HistoryEntry entry(ResultSet rs) throws SQLException {
        String ownerKind = rs.getString("owner_kind");
        long resolved = rs.getLong("resolved_at");
        Instant resolvedAt = rs.wasNull() ? null : Instant.ofEpochMilli(resolved);
        return new HistoryEntry(rs.getString("subject_kind"), rs.getString("namespace"), rs.getString("name"),
                blankToNull(rs.getString("uid")), ownerKind == null ? null : new OwnerRef(ownerKind, rs.getString("owner_name")),
                rs.getString("rule"), Severity.parse(rs.getString("severity")), rs.getString("title"), rs.getString("container"),
                Instant.ofEpochMilli(rs.getLong("first_seen")), Instant.ofEpochMilli(rs.getLong("last_seen")), resolvedAt,
                rs.getString("message"), fromJson(rs.getString("evidence"), EVIDENCE));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Resolved incidents, newest resolution first.
     *
     * @param since resolved at or after (null: any)
     * @param until opened at or before (null: any)
     */
    public List<Incident> resolvedIncidents(Instant since, Instant until, String namespace, String rule, int max) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT body FROM incident i WHERE resolved_at IS NOT NULL");
        List<Object> args = new ArrayList<>();
        if (since != null) {
            sql.append(" AND resolved_at >= ?");
            args.add(since.toEpochMilli());
        }
        if (until != null) {
            sql.append(" AND first_seen <= ?");
            args.add(until.toEpochMilli());
        }
        if (rule != null) {
            sql.append(" AND rule = ?");
            args.add(rule);
        }
        if (namespace != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM incident_member m WHERE m.incident_pk = i.pk AND m.namespace = ?)");
            args.add(namespace);
        }
        sql.append(" ORDER BY resolved_at DESC, pk DESC FETCH FIRST ? ROWS ONLY");
        args.add(max);
        return incidents(sql.toString(), args);
    }

    /** The incidents open as last recorded (left open by the previous run, after a restart), oldest first. */
    public List<Incident> openIncidents() throws SQLException {
        return incidents("SELECT body FROM incident WHERE resolved_at IS NULL ORDER BY first_seen, pk", List.of());
    }

    private List<Incident> incidents(String sql, List<Object> args) throws SQLException {
        List<Incident> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int a = 0; a < args.size(); a++) {
                q.setObject(a + 1, args.get(a));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(fromJson(rs.getString(1), new TypeReference<Incident>() {
                    }));
                }
            }
        }
        return found;
    }

    /** Inserts the claim; false when it was there already (a unique key: once across replicas). */
    boolean claim(String subject, String sink, String message, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO notification (subject, sink, message, claimed_at) VALUES (?, ?, ?, ?)")) {
            c.setAutoCommit(true);
            insert.setString(1, subject);
            insert.setString(2, sink);
            insert.setString(3, message);
            insert.setLong(4, at.toEpochMilli());
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    Optional<Instant> lastClaimed(String subject, String sink) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT MAX(claimed_at) FROM notification WHERE subject = ? AND sink = ?")) {
            q.setString(1, subject);
            q.setString(2, sink);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long at = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
            }
        }
    }

    /** What one clean-up removed. */
    record Removed(int episodes, int incidents, int notifications) {
    }

    /** Removes what ended before {@code cutoff}, then the oldest ended rows over the caps; open episodes and incidents stay. */
    Removed cleanUp(Instant cutoff, long maxEpisodes, long maxIncidents) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            long before = cutoff.toEpochMilli();
            int episodes = update(c, "DELETE FROM finding_episode WHERE resolved_at < ?", before)
                    + overCap(c, "finding_episode", "id", maxEpisodes);
            int incidents = update(c, "DELETE FROM incident WHERE resolved_at < ?", before)
                    + overCap(c, "incident", "pk", maxIncidents);
            int notifications = update(c, "DELETE FROM notification WHERE claimed_at < ?", before);
            return new Removed(episodes, incidents, notifications);
        }
    }

    private static int overCap(Connection c, String table, String id, long cap) throws SQLException {
        long excess;
        try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = count.executeQuery()) {
            rs.next();
            excess = rs.getLong(1) - cap;
        }
        if (excess <= 0) {
            return 0;
        }
        long boundary;
        try (PreparedStatement q = c.prepareStatement("SELECT " + id + " FROM " + table + " WHERE resolved_at IS NOT NULL ORDER BY " + id
                + " OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            // not more than there are ended rows: open ones are never removed for the cap
            q.setLong(1, excess - 1);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return update(c, "DELETE FROM " + table + " WHERE resolved_at IS NOT NULL", null);
                }
                boundary = rs.getLong(1);
            }
        }
        return update(c, "DELETE FROM " + table + " WHERE resolved_at IS NOT NULL AND " + id + " <= ?", boundary);
    }

    private static int update(Connection c, String sql, Long arg) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (arg != null) {
                s.setLong(1, arg);
            }
            return s.executeUpdate();
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T fromJson(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A history row holds JSON that does not read back", e);
        }
    }
}
