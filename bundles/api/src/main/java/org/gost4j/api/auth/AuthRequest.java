package org.gost4j.api.auth;

/**
 * Who asks {@link Authenticator#authenticateAsync}: the service's name, the client's address ({@code ip:port})
 * and how long the answer may be reused for the same client, user and password (a tunnel passes its keepalive
 * period, so a cached answer never outlives the registration it allowed).
 */
public record AuthRequest(String service, String client, long reuseMillis) {
}
