package dev.podtriage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podtriage.cluster.LiveDiagnosisService;
import dev.podtriage.cluster.NamespaceScope;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.WorkloadReport;
import dev.podtriage.http.ProblemException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The streams behind {@code ?watch=true} (see {@link WatchParameter}): the current report's
 * diagnoses (and workloads) first, a {@code synced} event, then one event per change. Documented
 * on the report endpoints, hidden here.
 */
@Path("/api/v1/" + WatchResource.PATH)
public class WatchResource {
    static final String PATH = "watch";

    private final LiveDiagnosisService service;
    private final NamespaceScope scope;
    private final WatchHub hub;
    private final WatchConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    WatchResource(LiveDiagnosisService service, NamespaceScope scope, WatchHub hub, WatchConfig config, ObjectMapper json, Clock clock) {
        this.service = service;
        this.scope = scope;
        this.hub = hub;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @GET
    @Path("diagnoses")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    @Blocking // the first report may call the API server; the stream then holds no thread
    public Multi<OutboundSseEvent> cluster(@BeanParam ReportQuery query, @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        return stream(null, query, lastEventId, sse);
    }

    @GET
    @Path("namespaces/{namespace}/diagnoses")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    @Blocking
    public Multi<OutboundSseEvent> namespace(@PathParam("namespace") String namespace, @BeanParam ReportQuery query,
                                             @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        scope.check(namespace);
        return stream(namespace, query, lastEventId, sse);
    }

    private Multi<OutboundSseEvent> stream(String namespace, ReportQuery query, String lastEventId, Sse sse) {
        query.refuseWithWatch();
        WatchFilter filter = new WatchFilter(namespace, scope::allows, query.filter());
        WatchHub.Stream stream = hub.open(filter, lastEventId(lastEventId));
        try {
            if (!stream.resumed()) {
                stream.first(fullState(namespace, query, stream));
            }
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        Multi<WatchFrame> changes = Multi.createFrom().<WatchFrame>emitter(emitter -> {
            emitter.onTermination(stream::close);
            stream.attach(emitter);
        }, stream.initialSize() + Math.max(1, config.maxPending()));
        Multi<WatchFrame> beats = Multi.createFrom().ticks().every(config.heartbeat()).map(t -> WatchFrame.HEARTBEAT);
        return Multi.createBy().merging().streams(changes, beats).map(f -> sse(f, sse));
    }

    private List<WatchFrame> fullState(String namespace, ReportQuery query, WatchHub.Stream stream) {
        Report report = namespace == null ? service.cluster(clock.instant(), query.selector(), query.filter(), false)
                : service.namespace(namespace, clock.instant(), query.selector(), query.filter(), false);
        List<WatchFrame> frames = new ArrayList<>();
        if (stream.resumeRefused()) {
            frames.add(WatchFrame.event(null, "reset", write(() -> Map.of("reason",
                    "Last-Event-ID is older than the changes this service keeps (triage.watch.buffer) or from before a restart: the full state follows"))));
        }
        for (Diagnosis d : report.diagnoses()) {
            frames.add(WatchFrame.event(null, WatchFilter.DIAGNOSIS, write(() -> d)));
        }
        for (WorkloadReport w : report.workloads()) {
            frames.add(WatchFrame.event(null, WatchFilter.WORKLOAD, write(() -> w)));
        }
        Map<String, Object> synced = new LinkedHashMap<>();
        synced.put("evaluatedAt", report.evaluatedAt());
        synced.put("summary", report.summary());
        frames.add(WatchFrame.event(stream.openedAt(), "synced", write(() -> synced)));
        return frames;
    }

    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1L; // not one of ours: the full state again
        }
    }

    private static OutboundSseEvent sse(WatchFrame f, Sse sse) {
        OutboundSseEvent.Builder b = sse.newEventBuilder();
        if (f.comment() != null) {
            return b.comment(f.comment()).build();
        }
        if (f.id() != null) {
            b.id(Long.toString(f.id()));
        }
        return b.name(f.name()).mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, f.data()).build();
    }

    private String write(Supplier<Object> value) {
        try {
            return json.writeValueAsString(value.get());
        } catch (JsonProcessingException e) {
            throw new ProblemException(500, "internal", "cannot write the report as JSON");
        }
    }
}
