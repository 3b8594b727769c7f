package dev.podtriage.api;

import dev.podtriage.render.TextRenderer;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Diagnosis, Report and WorkloadReport as plain text for terminals ({@code Accept: text/plain} or {@code format=text}). */
@Provider
@Produces(MediaType.TEXT_PLAIN)
public class PlainTextWriter implements MessageBodyWriter<Object> {
    private final TextRenderer renderer = new TextRenderer();

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Renderings.renders(type);
    }

    @Override
    public void writeTo(Object entity, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        Renderings.write(renderer.render(Renderings.message(entity)), MediaType.TEXT_PLAIN_TYPE, headers, out);
    }
}
