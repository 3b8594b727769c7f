package dev.podtriage.http;

/** Ends a request with a problem+json answer of the given status. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String slug;

    public ProblemException(int status, String slug, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", detail);
    }
}
