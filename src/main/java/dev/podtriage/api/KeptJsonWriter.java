package dev.podtriage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.podtriage.cluster.KeptDiagnoses;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.WorkloadReport;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * A Report, WorkloadReport or Diagnosis as JSON, byte for byte what the API's ObjectMapper writes,
 * but each diagnosis the memo keeps is written once and its bytes reused by every later answer
 * until its pod's diagnosis changes: a warm report copies the JSON of the pods it lists.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class KeptJsonWriter implements MessageBodyWriter<Object> {
    private final ObjectMapper mapper;
    private final KeptDiagnoses kept;
    private final ObjectWriter writer;

    KeptJsonWriter(ObjectMapper mapper, KeptDiagnoses kept) {
        this.mapper = mapper;
        this.kept = kept;
        this.writer = mapper.copy().registerModule(new DiagnosisShortcut((d, gen) -> {
            Optional<byte[]> json = json(d);
            if (json.isPresent()) {
                gen.writeRawValue(new RawJson(json.get()));
            }
            return json.isPresent();
        })).writer();
    }

    /** The JSON of a diagnosis the memo keeps, written now when no answer has written it yet; empty for any other. */
    Optional<byte[]> json(Diagnosis d) {
        return kept.json(d).map(k -> k.json(() -> {
            try {
                return mapper.writeValueAsBytes(d);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Report.class.isAssignableFrom(type) || WorkloadReport.class.isAssignableFrom(type) || Diagnosis.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Object entity, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        writer.writeValue(out, entity);
    }
}
