package dev.podtriage.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document: every error of the API has this shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(description = "Identifies the kind of problem", example = "urn:pod-triage:problem:bad-request") String type,
        @Schema(description = "Short summary of the kind of problem", example = "Bad Request") String title,
        @Schema(description = "HTTP status", example = "400") int status,
        @Schema(description = "What went wrong in this request and what to do about it",
                example = "The body is not valid JSON at line 3, column 5: Unexpected character ('}')") String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";


    /** This problem as JSON, for the HTTP filters that answer before JAX-RS is reached. */
    public String toJson(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            return "{\"status\":" + status + "}";
        }
    }
}
