package dev.podtriage.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.podtriage.cluster.KeptDiagnoses;
import dev.podtriage.diagnosis.Diagnosis;
import dev.podtriage.diagnosis.Report;
import dev.podtriage.diagnosis.WorkloadReport;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * {@code ETag} and {@code If-None-Match} on the diagnosing GETs (a pod, a workload, a namespace,
 * every namespace), so a polling dashboard gets 304 when nothing changed. The tag is a SHA-256
 * over the answer's media type and its content without {@code evaluatedAt} (which is "now" on
 * every call): the same findings, pods, counts and page give the same tag, in every format of its
 * own ({@code format}/{@code Accept} are in the tag and {@code Vary: Accept} says so). Each diagnosis in
 * an answer enters the tag by the digest of its own content, which the memo keeps with it: a warm
 * report's tag does not write its pods' JSON again.
 */
public class ReportETags {
    /** The content a tag covers: everything but the evaluation instant. */
    @JsonIgnoreProperties("evaluatedAt")
    private interface WithoutInstant {
    }

    /** The content of one diagnosis, written by Jackson. */
    private final ObjectWriter diagnosis;
    /** The content of an answer, each diagnosis in it by its digest (kept by the memo with the diagnosis it keeps). */
    private final ObjectWriter content;
    private final KeptDiagnoses kept;

    ReportETags(ObjectMapper mapper, KeptDiagnoses kept) {
        this.kept = kept;
        ObjectMapper withoutInstant = mapper.copy().addMixIn(Diagnosis.class, WithoutInstant.class).addMixIn(Report.class, WithoutInstant.class)
                .addMixIn(WorkloadReport.class, WithoutInstant.class);
        this.diagnosis = withoutInstant.writer();
        this.content = withoutInstant.copy().registerModule(new DiagnosisShortcut((d, gen) -> {
            gen.writeString(HexFormat.of().formatHex(digest(d)));
            return true;
        })).writer();
    }

    /** The digest of a diagnosis' content: the memo's, computed once per diagnosis it keeps, or computed now. */
    private byte[] digest(Diagnosis d) {
        return kept.json(d).map(k -> k.digest(() -> digestOf(d))).orElseGet(() -> digestOf(d));
    }

    private byte[] digestOf(Diagnosis d) {
        MessageDigest sha = sha256();
        write(diagnosis, d, sha);
        return sha.digest();
    }

    @ServerResponseFilter
    public void tag(ContainerRequestContext request, ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (!HttpMethod.GET.equals(request.getMethod()) || response.getStatus() != 200
                || !(entity instanceof Diagnosis || entity instanceof Report || entity instanceof WorkloadReport)) {
            return;
        }
        MediaType type = response.getMediaType();
        // the negotiated type; should it be unknown here, what was asked for (format rewrites Accept)
        String tag = tag(entity, type != null ? type.getType() + "/" + type.getSubtype() : "accept " + request.getHeaderString(HttpHeaders.ACCEPT));
        response.getHeaders().putSingle(HttpHeaders.ETAG, tag);
        response.getHeaders().putSingle(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), tag)) {
            response.setStatus(304);
            response.setEntity(null);
        }
    }

    /** The strong tag of an answer in a form (its media type and what was asked for). */
    String tag(Object entity, String form) {
        MessageDigest sha = sha256();
        sha.update((form + "\n").getBytes(StandardCharsets.UTF_8));
        write(content, entity, sha);
        return "\"" + HexFormat.of().formatHex(Arrays.copyOf(sha.digest(), 16)) + "\"";
    }

    private static void write(ObjectWriter writer, Object value, MessageDigest sha) {
        try (OutputStream digesting = new DigestingStream(sha)) {
            writer.writeValue(digesting, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** If-None-Match: {@code *} or a list of tags, compared weakly (RFC 9110, 13.1.2). */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.replaceFirst("^W/", "").equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class DigestingStream extends OutputStream {
        private final MessageDigest sha;

        DigestingStream(MessageDigest sha) {
            this.sha = sha;
        }

        @Override
        public void write(int b) {
            sha.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha.update(b, off, len);
        }
    }
}
