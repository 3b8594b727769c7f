package dev.podtriage.diagnosis.rules;

import dev.podtriage.diagnosis.ContainerView;
import dev.podtriage.diagnosis.PodView;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource quantities of a pod as the scheduler counts them, and their human rendering
 * ("8 cpu", "12Gi"). Used by the scheduling, lifecycle and lint families.
 */
final class PodResources {
    private static final BigDecimal KI = BigDecimal.valueOf(1024);
    private static final Pattern QUANTITY = Pattern.compile("^[+-]?[0-9.]+([eE][+-]?[0-9]+)?[a-zA-Z]*$");

    private PodResources() {
    }

    /** A container's request for one resource; the API server defaults a missing request to the limit. */
    static Optional<BigDecimal> request(Container c, String resource) {
        if (c == null || c.getResources() == null) {
            return Optional.empty();
        }
        ResourceRequirements r = c.getResources();
        Optional<BigDecimal> req = amount(r.getRequests(), resource);
        return req.isPresent() ? req : amount(r.getLimits(), resource);
    }

    static Optional<BigDecimal> limit(Container c, String resource) {
        return c == null || c.getResources() == null ? Optional.empty() : amount(c.getResources().getLimits(), resource);
    }

    private static Optional<BigDecimal> amount(Map<String, Quantity> map, String resource) {
        if (map == null || map.get(resource) == null) {
            return Optional.empty();
        }
        return parse(map.get(resource));
    }

    static Optional<BigDecimal> parse(Quantity q) {
        if (q == null || q.getAmount() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.getAmountInBytes(q));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<BigDecimal> parse(String text) {
        if (text == null || !QUANTITY.matcher(text.strip()).matches()) {
            return Optional.empty();
        }
        return parse(Quantity.parse(text.strip()));
    }

    /**
     * The pod's effective request as the scheduler computes it: the larger of the app containers'
     * sum (plus native sidecars) and the largest regular init container, plus the pod overhead.
     */
    static Optional<BigDecimal> podRequest(PodView pod, String resource) {
        BigDecimal app = BigDecimal.ZERO;
        BigDecimal initMax = BigDecimal.ZERO;
        boolean any = false;
        for (ContainerView c : pod.allContainers()) {
            Optional<BigDecimal> r = request(c.spec(), resource);
            if (r.isEmpty()) {
                continue;
            }
            any = true;
            if (!c.init() || c.sidecar()) {
                app = app.add(r.get());
            } else {
                initMax = initMax.max(r.get());
            }
        }
        BigDecimal total = app.max(initMax);
        Optional<BigDecimal> overhead = amount(pod.spec().getOverhead(), resource);
        if (overhead.isPresent()) {
            total = total.add(overhead.get());
            any = true;
        }
        return any ? Optional.of(total) : Optional.empty();
    }

    /** The container asking for most of a resource: the one whose request is worth lowering first. */
    static Optional<ContainerView> largestRequester(PodView pod, String resource) {
        ContainerView best = null;
        BigDecimal max = BigDecimal.ZERO;
        for (ContainerView c : pod.allContainers()) {
            BigDecimal r = request(c.spec(), resource).orElse(BigDecimal.ZERO);
            if (r.compareTo(max) > 0) {
                max = r;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    /** "8", "500m", "2.5" for cpu; "12Gi", "1.5Gi", "300Mi" for bytes; the plain number otherwise. */
    static String format(String resource, BigDecimal amount) {
        if (amount == null) {
            return "?";
        }
        if ("cpu".equals(resource)) {
            if (amount.compareTo(BigDecimal.ONE) < 0 && amount.signum() > 0) {
                return amount.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.HALF_UP).toPlainString() + "m";
            }
            return plain(amount.setScale(3, RoundingMode.HALF_UP));
        }
        if (isBytes(resource)) {
            return bytes(amount);
        }
        return plain(amount);
    }

    static String bytes(BigDecimal amount) {
        String[] units = {"Ki", "Mi", "Gi", "Ti", "Pi"};
        BigDecimal unit = KI;
        String best = null;
        for (String u : units) {
            if (amount.compareTo(unit) < 0) {
                break;
            }
            BigDecimal v = amount.divide(unit, 1, RoundingMode.HALF_UP);
            best = plain(v) + u;
            unit = unit.multiply(KI);
        }
        return best == null ? plain(amount) : best;
    }

    static boolean isBytes(String resource) {
        return List.of("memory", "ephemeral-storage", "storage").contains(resource) || resource.startsWith("hugepages-");
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /** The resource a kubelet admission reason names: OutOfcpu -> cpu, OutOfnvidia.com/gpu -> nvidia.com/gpu. */
    static String resourceOfOutOf(String reason) {
        return reason != null && reason.startsWith("OutOf") ? reason.substring("OutOf".length()).strip() : "";
    }
}
