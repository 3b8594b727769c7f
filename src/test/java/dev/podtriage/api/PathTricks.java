package dev.podtriage.api;

import java.util.List;

/** Ways to spell a path that some router, proxy or filter reads differently from another. */
public final class PathTricks {
    private PathTricks() {
    }

    /** Spellings of API paths that a router might take to a resource; curl --path-as-is sends them as written. */
    public static final List<String> TRICKS = List.of(
            "/api;/v1/rules", "/api;foo=bar/v1/rules", "/api/v1;x/rules", "/api/v1/rules;x", "/api/v1/rules;a=b;c=d",
            "/api/v1/rules/image-not-found;x", "/api;/v1;/rules;/image-not-found", ";/api/v1/rules",
            "/api/./v1/rules", "/api/x/../v1/rules", "/./api/v1/rules", "/api/v1/rules/.", "/x/../api/v1/rules",
            "/api/%2e/v1/rules", "/api/x/%2e%2e/v1/rules", "/api//v1/rules", "//api/v1/rules", "/api/v1//rules",
            "/%61pi/v1/rules", "/api/v1/%72ules", "/%61%70%69/%76%31/%72%75%6c%65%73", "/api%2Fv1%2Frules", "/api%2fv1/rules",
            "/api/v1/rules/", "/api/v1/rules//", "/API/v1/rules", "/Api/V1/Rules", "/api/V1/rules",
            "/api/v1/rules?x=/q/health", "/api/v1/rules#frag", "/api/v1/rules/image-not-found%3Bx",
            "http://localhost/api/v1/rules", "/api/v1/namespaces;x/shop/diagnoses", "/api;/v1/diagnoses");
}
