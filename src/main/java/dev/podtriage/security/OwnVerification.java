package dev.podtriage.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource class that verifies its callers itself (a chat platform's signature or token)
 * instead of the API bearer token. Every other resource needs the token: the default is closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnVerification {
}
