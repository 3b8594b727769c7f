package dev.podtriage.api;

import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.incidents.Incident;
import dev.podtriage.incidents.IncidentList;
import dev.podtriage.render.IncidentMessages;
import dev.podtriage.render.Message;
import dev.podtriage.render.MessageBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** What the text/markdown and text/plain writers share: which answers they render and how. */
final class Renderings {
    static final String MARKDOWN = "text/markdown";
    /** What a 406 tells the caller it may ask for. */
    static final String PRODUCED = "application/json (every endpoint), " + MARKDOWN + " or text/plain (the diagnosing endpoints)";
    private static final MessageBuilder BUILDER = new MessageBuilder(50);
    private static final IncidentMessages INCIDENTS = new IncidentMessages(50);

    private Renderings() {
    }

    /** Diagnosis, Report and WorkloadReport, the answers of the diagnosing endpoints; Incident and IncidentList. */
    static boolean renders(Class<?> type) {
        return Diagnosis.class.isAssignableFrom(type) || Report.class.isAssignableFrom(type)
                || WorkloadReport.class.isAssignableFrom(type) || Incident.class.isAssignableFrom(type)
                || IncidentList.class.isAssignableFrom(type) || RolloutAnswer.class.isAssignableFrom(type);
    }

    static Message message(Object entity) {
        if (entity instanceof Diagnosis d) {
            return BUILDER.diagnosis(d);
        }
        if (entity instanceof Report r) {
            return BUILDER.report(r);
        }
        if (entity instanceof WorkloadReport w) {
            return BUILDER.workload(w);
        }
        if (entity instanceof RolloutAnswer a) {
            return BUILDER.rollout(a.report(), a.rollout(), a.rolloutDetail());
        }
        if (entity instanceof Incident i) {
            return INCIDENTS.incident(i);
        }
        if (entity instanceof IncidentList l) {
            return INCIDENTS.incidents(l);
        }
        throw new IllegalArgumentException("cannot render " + entity.getClass().getName());
    }

    static void write(String text, MediaType type, MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        headers.putSingle(HttpHeaders.CONTENT_TYPE, new MediaType(type.getType(), type.getSubtype()).withCharset("UTF-8"));
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
