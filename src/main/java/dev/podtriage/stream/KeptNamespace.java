package dev.podtriage.stream;

import dev.podtriage.cluster.KeptDiagnoses.KeptPod;
import dev.podtriage.diagnosis.Tally;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The memo's pods of one namespace, kept so that a report over it reads only what it lists: every
 * pod by name, the pods with findings in name order (a report's order), and the counts over all of
 * them, changed with each entry. Written by the memo's worker only; read by any thread.
 */
final class KeptNamespace {
    private final Map<String, DiagnosisMemo.PodEntry> all = new ConcurrentHashMap<>();
    private final NavigableMap<String, DiagnosisMemo.PodEntry> withFindings = new ConcurrentSkipListMap<>();
    private final Tally tally = new Tally();

    DiagnosisMemo.PodEntry get(String name) {
        return all.get(name);
    }

    Collection<DiagnosisMemo.PodEntry> entries() {
        return all.values();
    }

    int size() {
        return all.size();
    }

    void put(String name, DiagnosisMemo.PodEntry entry) {
        DiagnosisMemo.PodEntry old = all.put(name, entry);
        if (entry.kept().diagnosis().findings().isEmpty()) {
            withFindings.remove(name);
        } else {
            withFindings.put(name, entry);
        }
        synchronized (tally) {
            if (old != null) {
                tally.remove(old.kept().diagnosis());
            }
            tally.add(entry.kept().diagnosis());
        }
    }

    void remove(String name) {
        DiagnosisMemo.PodEntry old = all.remove(name);
        withFindings.remove(name);
        if (old != null) {
            synchronized (tally) {
                tally.remove(old.kept().diagnosis());
            }
        }
    }

    Tally tally() {
        synchronized (tally) {
            return tally.copy();
        }
    }

    List<KeptPod> withFindings() {
        List<KeptPod> out = new ArrayList<>();
        withFindings.values().forEach(e -> out.add(e.kept()));
        return out;
    }
}
