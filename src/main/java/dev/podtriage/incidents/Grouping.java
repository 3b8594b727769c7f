package dev.podtriage.incidents;

import dev.podtriage.diagnosis.Cause;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Finding;
import dev.podtriage.diagnosis.OwnerRef;
import dev.podtriage.diagnosis.PodInfo;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.stream.DiagnosisChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Groups current findings into incidents (pure): each unhealthy pod joins the incident of its root
 * cause ({@code findings[0]}), each workload with a finding of its own the incident of its own root
 * cause. The key is the rule and the finding's structured {@link Cause}; a finding that blames no
 * object is keyed by the pod's owning workload, else by the pod itself.
 */
public final class Grouping {
    private Grouping() {
    }

    public static Map<IncidentKey, List<Observation>> group(List<Diagnosis> pods, List<WorkloadReport> workloads) {
        Map<IncidentKey, List<Observation>> out = new LinkedHashMap<>();
        for (Diagnosis d : pods) {
            of(d).ifPresent(o -> add(out, o));
        }
        for (WorkloadReport w : workloads) {
            of(w).ifPresent(o -> add(out, o));
        }
        return out;
    }

    /** The incident a pod is in, by its root cause; empty when it has no unhealthy root cause. */
    public static Optional<Observation> of(Diagnosis d) {
        return rootCause(d.findings()).map(f -> pod(d.pod(), f));
    }

    /** The incident a workload is in, by its own root cause; empty when it has no unhealthy finding of its own. */
    public static Optional<Observation> of(WorkloadReport w) {
        return rootCause(w.findings()).map(f -> workload(w.workload(), f));
    }

    /** The incident a subject is in after the change; empty when it has none or is gone. */
    public static Optional<Observation> of(DiagnosisChange c) {
        if (c instanceof DiagnosisChange.OfPod p) {
            return p.current() == null ? Optional.empty() : of(p.current());
        }
        DiagnosisChange.OfWorkload w = (DiagnosisChange.OfWorkload) c;
        return w.current() == null ? Optional.empty() : of(w.current());
    }

    private static Optional<Finding> rootCause(List<Finding> findings) {
        return findings.isEmpty() || !findings.get(0).severity().unhealthy() ? Optional.empty()
                : Optional.of(findings.get(0));
    }

    private static void add(Map<IncidentKey, List<Observation>> out, Observation o) {
        out.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
    }

    static Observation pod(PodInfo pod, Finding f) {
        OwnerRef owner = pod.owner();
        Cause fallback = owner == null ? new Cause("pod", pod.namespace(), pod.name())
                : new Cause(kind(owner.kind()), pod.namespace(), owner.name());
        Member m = new Member("Pod", pod.namespace(), pod.name(), owner, pod.node(), null, f.optOut());
        return new Observation(new IncidentKey(f.rule(), f.cause() == null ? fallback : f.cause()), m, f);
    }

    static Observation workload(WorkloadReport.Workload w, Finding f) {
        Cause fallback = new Cause(kind(w.kind()), w.namespace(), w.name());
        Member m = new Member(w.kind(), w.namespace(), w.name(), null, null, null, f.optOut());
        return new Observation(new IncidentKey(f.rule(), f.cause() == null ? fallback : f.cause()), m, f);
    }

    private static String kind(String kind) {
        return kind.toLowerCase(Locale.ROOT);
    }
}
