package dev.podtriage.api;

import dev.podtriage.render.MarkdownRenderer;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Diagnosis, Report and WorkloadReport as GitHub-flavoured Markdown ({@code Accept: text/markdown} or {@code format=markdown}). */
@Provider
@Produces(Renderings.MARKDOWN)
public class MarkdownWriter implements MessageBodyWriter<Object> {
    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Renderings.renders(type);
    }

    @Override
    public void writeTo(Object entity, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        Renderings.write(renderer.render(Renderings.message(entity)), MediaType.valueOf(Renderings.MARKDOWN), headers, out);
    }
}
