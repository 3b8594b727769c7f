package dev.podtriage.diagnosis;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A read-only view of a {@link PodSnapshot} at the evaluation instant, with the look-ups every
 * rule family needs. Tolerates partial objects: any of spec, status and metadata may be missing.
 */
public final class PodView {
    private final PodSnapshot snapshot;
    private final Instant at;
    private final DiagnosisSettings settings;
    private final List<ContainerView> initContainers;
    private final List<ContainerView> appContainers;
    private final List<Event> events;
    /** The earliest instant after {@link #at} at which a time comparison made on this view answers otherwise. */
    private Instant horizon;

    public PodView(PodSnapshot snapshot, Instant at, DiagnosisSettings settings) {
        this.snapshot = snapshot;
        this.at = at;
        this.settings = settings;
        PodSpec spec = snapshot.pod().getSpec();
        PodStatus status = snapshot.pod().getStatus();
        this.initContainers = containers(spec == null ? null : spec.getInitContainers(),
                status == null ? null : status.getInitContainerStatuses(), true, 0);
        this.appContainers = containers(spec == null ? null : spec.getContainers(),
                status == null ? null : status.getContainerStatuses(), false, initContainers.size());
        List<Event> sorted = new ArrayList<>(snapshot.events());
        // newest first, so that evidence quotes the latest word of the cluster (each time parsed once)
        Map<Event, Instant> seen = new IdentityHashMap<>();
        for (Event e : sorted) {
            seen.put(e, EventFacts.lastSeen(e));
        }
        sorted.sort(Comparator.comparing(seen::get, Comparator.nullsLast(Comparator.reverseOrder())));
        this.events = Collections.unmodifiableList(sorted);
    }

    private static List<ContainerView> containers(List<Container> specs, List<ContainerStatus> statuses,
                                                  boolean init, int firstOrder) {
        List<ContainerView> out = new ArrayList<>();
        List<Container> specList = specs == null ? List.of() : specs;
        List<ContainerStatus> statusList = statuses == null ? List.of() : statuses;
        for (Container c : specList) {
            if (c == null || c.getName() == null) {
                continue;
            }
            ContainerStatus st = statusList.stream().filter(s -> s != null && c.getName().equals(s.getName()))
                    .findFirst().orElse(null);
            out.add(new ContainerView(c.getName(), c, st, init, out.size(), firstOrder + out.size()));
        }
        // statuses without a spec (a partial object): still worth diagnosing
        for (ContainerStatus s : statusList) {
            if (s != null && s.getName() != null && out.stream().noneMatch(v -> v.name().equals(s.getName()))) {
                out.add(new ContainerView(s.getName(), null, s, init, out.size(), firstOrder + out.size()));
            }
        }
        return List.copyOf(out);
    }

    public Pod pod() {
        return snapshot.pod();
    }

    /** The evaluation instant: every time-dependent rule measures against this, never the wall clock. */
    public Instant at() {
        return at;
    }

    /**
     * Whether more than {@code span} has passed from {@code from} to the evaluation instant. Every
     * time-dependent rule asks this (or {@link #atLeast}) instead of reading {@link #at()} itself, so
     * that the view knows when the answer would flip without any new input: {@link #horizon()}.
     */
    public boolean longerThan(Instant from, Duration span) {
        return passed(from.plus(span).plusNanos(1));
    }

    /** Whether at least {@code span} has passed from {@code from} to the evaluation instant (see {@link #longerThan}). */
    public boolean atLeast(Instant from, Duration span) {
        return passed(from.plus(span));
    }

    /** Whether the evaluation instant is at or past {@code flip}; records {@code flip} as a horizon when it is still ahead. */
    private boolean passed(Instant flip) {
        if (!at.isBefore(flip)) {
            return true;
        }
        if (horizon == null || flip.isBefore(horizon)) {
            horizon = flip;
        }
        return false;
    }

    /**
     * The earliest instant after the evaluation instant at which a time comparison the rules made
     * would answer otherwise (a Pending pod becomes unscheduled, a recent crash becomes old); null
     * when none would: the diagnosis then changes only with its input.
     */
    public Instant horizon() {
        return horizon;
    }

    public DiagnosisSettings settings() {
        return settings;
    }

    public ObjectMeta metadata() {
        return pod().getMetadata() == null ? new ObjectMeta() : pod().getMetadata();
    }

    public String name() {
        return metadata().getName();
    }

    public String namespace() {
        return metadata().getNamespace();
    }

    public PodSpec spec() {
        return pod().getSpec() == null ? new PodSpec() : pod().getSpec();
    }

    public PodStatus status() {
        return pod().getStatus() == null ? new PodStatus() : pod().getStatus();
    }

    public String phase() {
        return nz(status().getPhase());
    }

    /** {@code status.reason}: Evicted, NodeLost, DeadlineExceeded, ... or "". */
    public String reason() {
        return nz(status().getReason());
    }

    public String message() {
        return nz(status().getMessage());
    }

    public String nodeName() {
        return spec().getNodeName();
    }

    /**
     * Whether anything proves that the pod is bound to a node: {@code spec.nodeName}, PodScheduled=True,
     * {@code status.hostIP} or {@code startTime}, a container status with a {@code containerID} or any
     * state other than waiting in ContainerCreating, or an event from a kubelet. The absence of a field
     * is the weakest evidence there is (a pasted pod skeleton next to {@code kubectl get events}, or a
     * pod cache lagging the event cache): it never outweighs one of these.
     */
    public boolean boundToNode() {
        PodStatus s = status();
        if (!nz(nodeName()).isBlank() || conditionIs("PodScheduled", "True") || !nz(s.getHostIP()).isBlank()
                || !nz(s.getStartTime()).isBlank()) {
            return true;
        }
        for (ContainerView c : allContainers()) {
            ContainerStatus st = c.status();
            if (st != null && (!nz(st.getContainerID()).isBlank() || c.running().isPresent() || c.terminated().isPresent()
                    || (c.waiting().isPresent() && !c.waitingReason().isEmpty() && !c.waitingReason().equals("ContainerCreating")))) {
                return true;
            }
        }
        // the kubelet's events, the scheduler's "Scheduled", the attach/detach controller's (it attaches only to a bound pod's node)
        return events.stream().anyMatch(e -> EventFacts.fromKubelet(e)
                || "Scheduled".equals(e.getReason()) || containsAny(e.getReason(), "AttachVolume", "Multi-Attach"));
    }

    /** The pod's restart policy, {@code Always} when unset (the API server's default). */
    public String restartPolicy() {
        return spec().getRestartPolicy() == null ? "Always" : spec().getRestartPolicy();
    }

    public Optional<Instant> created() {
        return Optional.ofNullable(Timestamps.parse(metadata().getCreationTimestamp()));
    }

    public Optional<Instant> deletionTimestamp() {
        return Optional.ofNullable(Timestamps.parse(metadata().getDeletionTimestamp()));
    }

    public List<ContainerView> initContainers() {
        return initContainers;
    }

    public List<ContainerView> appContainers() {
        return appContainers;
    }

    /** Init containers first, then app containers: the order in which they run. */
    public List<ContainerView> allContainers() {
        List<ContainerView> all = new ArrayList<>(initContainers);
        all.addAll(appContainers);
        return all;
    }

    public Optional<ContainerView> container(String name) {
        return allContainers().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<PodCondition> condition(String type) {
        List<PodCondition> cs = status().getConditions();
        return cs == null ? Optional.empty()
                : cs.stream().filter(c -> c != null && type.equals(c.getType())).findFirst();
    }

    public boolean conditionIs(String type, String value) {
        return condition(type).map(c -> value.equalsIgnoreCase(c.getStatus())).orElse(false);
    }

    /** The pod's events, newest first. */
    public List<Event> events() {
        return events;
    }

    public List<Event> events(Predicate<Event> filter) {
        return events.stream().filter(filter).toList();
    }

    /** The pod's events with one of the given reasons, newest first. */
    public List<Event> eventsWithReason(String... reasons) {
        Set<String> wanted = Set.of(reasons);
        return events(e -> e.getReason() != null && wanted.contains(e.getReason()));
    }

    /**
     * The events the kubelet emitted about one container (by {@code involvedObject.fieldPath}),
     * plus those that name its image or name it in their message when no field path is present.
     */
    public List<Event> eventsFor(ContainerView c) {
        return events(e -> aboutContainer(e, c));
    }

    public List<Event> eventsFor(ContainerView c, String... reasons) {
        Set<String> wanted = Set.of(reasons);
        return events(e -> e.getReason() != null && wanted.contains(e.getReason()) && aboutContainer(e, c));
    }

    private boolean aboutContainer(Event e, ContainerView c) {
        String fieldPath = e.getInvolvedObject() == null ? null : e.getInvolvedObject().getFieldPath();
        if (fieldPath != null && !fieldPath.isBlank()) {
            return fieldPath.equals(c.fieldPath());
        }
        String msg = nz(e.getMessage());
        if (c.image() != null && msg.contains('"' + c.image() + '"')) {
            return true;
        }
        // "Back-off restarting failed container app in pod web-1_shop(uid)" and "Container app failed liveness probe"
        return msg.contains("container " + c.name() + " ") || msg.contains("Container " + c.name() + " ")
                || msg.contains("container=" + c.name() + " ") || onlyContainer(c);
    }

    private boolean onlyContainer(ContainerView c) {
        return allContainers().size() == 1 && allContainers().get(0).name().equals(c.name());
    }

    public Optional<Node> node() {
        return Optional.ofNullable(snapshot.node());
    }

    public Optional<HasMetadata> owner() {
        return Optional.ofNullable(snapshot.owner());
    }

    /**
     * The workload a person would name: the snapshot's owner when given, else the controller
     * reference, where a ReplicaSet named {@code <deployment>-<pod-template-hash>} stands for its Deployment.
     */
    public Optional<OwnerRef> workload() {
        HasMetadata given = snapshot.owner();
        if (given != null && given.getMetadata() != null && given.getKind() != null && given.getMetadata().getName() != null) {
            return Optional.of(deploymentOf(given.getKind(), given.getMetadata().getName(), given.getMetadata().getOwnerReferences(),
                    null).orElse(new OwnerRef(given.getKind(), given.getMetadata().getName())));
        }
        List<OwnerReference> refs = metadata().getOwnerReferences() == null ? List.of()
                : metadata().getOwnerReferences().stream().filter(PodView::namesWorkload).toList();
        if (refs.isEmpty()) {
            return Optional.empty();
        }
        OwnerReference ref = refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .orElse(refs.get(0));
        String hash = metadata().getLabels() == null ? null : metadata().getLabels().get("pod-template-hash");
        return Optional.of(deploymentOf(ref.getKind(), ref.getName(), null, hash)
                .orElse(new OwnerRef(ref.getKind(), ref.getName())));
    }

    /**
     * Whether an owner reference names a workload: the API server requires kind and name, and
     * fabric8 fills in the kind {@code OwnerReference} when a (hand-written) reference has none.
     */
    private static boolean namesWorkload(OwnerReference r) {
        return r != null && r.getName() != null && !r.getName().isBlank() && r.getKind() != null && !r.getKind().isBlank()
                && !"OwnerReference".equals(r.getKind());
    }

    /** A ReplicaSet's Deployment: from its owner references, or from the pod-template-hash suffix of its name. */
    private static Optional<OwnerRef> deploymentOf(String kind, String name, List<OwnerReference> refs, String hash) {
        if (!WorkloadKind.REPLICA_SET.kind().equals(kind)) {
            return Optional.empty();
        }
        if (refs != null) {
            Optional<OwnerRef> fromRefs = refs.stream().filter(r -> WorkloadKind.DEPLOYMENT.kind().equals(r.getKind()) && namesWorkload(r)).findFirst()
                    .map(r -> new OwnerRef(r.getKind(), r.getName()));
            if (fromRefs.isPresent()) {
                return fromRefs;
            }
        }
        if (hash != null && name != null && name.endsWith("-" + hash)) {
            return Optional.of(new OwnerRef(WorkloadKind.DEPLOYMENT.kind(), name.substring(0, name.length() - hash.length() - 1)));
        }
        return Optional.empty();
    }

    /** " of Deployment `web`": where the pod template to edit lives, for fix texts; nothing for a bare pod. */
    public Prose ownerHint() {
        return workload().map(o -> Prose.of(" of " + o.kind() + " ", Prose.code(o.name()))).orElse(Prose.EMPTY);
    }

    public List<Event> ownerEvents() {
        return snapshot.ownerEvents();
    }

    public Optional<String> previousLog(ContainerView c) {
        String log = snapshot.previousLogs().get(c.name());
        if (log == null || log.isBlank()) {
            return Optional.empty();
        }
        int max = settings.logTailMaxChars();
        return Optional.of(log.length() <= max ? log : "…" + log.substring(log.length() - max));
    }

    /** Evidence for a list of events, newest first, at most {@code limit}. */
    public static List<Evidence> evidence(List<Event> events, int limit) {
        return events.stream().limit(limit).map(Evidence::event).toList();
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Case-insensitive "contains any of". */
    public static boolean containsAny(String text, String... needles) {
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String n : needles) {
            if (lower.contains(n.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
