package dev.podtriage.diagnosis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One page of a Report ({@code limit}, {@code continue}) in its stable order, namespace then name.
 * The {@code continue} token is opaque to callers: the base64url of the last listed pod's
 * {@code namespace/name}, so a page stays right when pods come or go between two calls.
 *
 * @param limit at most this many diagnoses; 0 for all of them
 * @param after list the pods after this {@code namespace/name}; null from the start
 */
public record ReportPage(int limit, String after) {
    /** The order of every Report's diagnoses. */
    public static final Comparator<Diagnosis> ORDER = Comparator
            .comparing((Diagnosis d) -> d.pod().namespace(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> d.pod().name(), Comparator.nullsFirst(Comparator.naturalOrder()));

    public static final ReportPage WHOLE = new ReportPage(0, null);

    /** The page a {@code continue} token names, or empty when the token is not one of ours. */
    public static Optional<ReportPage> of(int limit, String token) {
        if (token == null || token.isBlank()) {
            return Optional.of(new ReportPage(limit, null));
        }
        try {
            String key = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
            return key.indexOf('/') > 0 ? Optional.of(new ReportPage(limit, key)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Report apply(Report report) {
        Diagnosis bound = after == null ? null : bound();
        List<Diagnosis> rest = new ArrayList<>();
        for (Diagnosis d : report.diagnoses()) {
            if (bound == null || ORDER.compare(d, bound) > 0) {
                rest.add(d);
            }
        }
        if (limit <= 0 || rest.size() <= limit) {
            return new Report(report.cluster(), report.evaluatedAt(), report.summary(), rest, report.workloads());
        }
        List<Diagnosis> page = List.copyOf(rest.subList(0, limit));
        return new Report(report.cluster(), report.evaluatedAt(), report.summary(), page, report.workloads(), token(page.get(limit - 1)));
    }

    private Diagnosis bound() {
        int slash = after.indexOf('/');
        PodInfo pod = new PodInfo(after.substring(0, slash), after.substring(slash + 1), null, null, null, null, null, null, 0);
        return new Diagnosis(null, pod, true, null, null, List.of(), null);
    }

    static String token(Diagnosis last) {
        String key = last.pod().namespace() + "/" + last.pod().name();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }
}
