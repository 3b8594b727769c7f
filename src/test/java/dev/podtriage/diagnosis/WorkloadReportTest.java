package dev.podtriage.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadReportTest {

    /** A work-queue Job (no spec.completions) that has not run yet: was a NullPointerException (HTTP 500). */
    @Test
    void aJobWithoutCompletionsOrStatusHasNoCounts() {
        Job job = new JobBuilder().withNewMetadata().withNamespace("data").withName("queue-worker").endMetadata()
                .withNewSpec().withParallelism(3).endSpec().build();
        WorkloadReport r = WorkloadReport.of("test", job, List.of(), List.of(), Instant.parse("2026-11-27T10:00:00Z"));
        assertNull(r.workload().desired());
        assertNull(r.workload().ready());
        assertEquals("Job", r.workload().kind());
    }

    @Test
    void aJobWithCompletionsButNoStatusHasNoneReady() {
        Job job = new JobBuilder().withNewMetadata().withNamespace("data").withName("once").endMetadata()
                .withNewSpec().withCompletions(2).endSpec().build();
        WorkloadReport r = WorkloadReport.of("test", job, List.of(), List.of(), Instant.parse("2026-11-27T10:00:00Z"));
        assertEquals(2, r.workload().desired());
        assertEquals(0, r.workload().ready());
    }
}
