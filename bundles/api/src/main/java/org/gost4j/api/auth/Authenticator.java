package org.gost4j.api.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a user name and password, as GOST's auther does. Registered with the service property
 * {@value #NAME_PROPERTY} (the auther's name, e.g. {@code auther0}); a TUN server asks it with a client's tunnel
 * IP as user name (IPv4 dotted, IPv6 as {@link org.gost4j.api.device.IpNetwork#format}) and its passphrase.
 */
@ProviderType
public interface Authenticator {

    String NAME_PROPERTY = "name";

    /** @return true if {@code user} is known and {@code password} is its password; never throws for bad input */
    boolean authenticate(String user, String password);

    /**
     * Asks as {@link #authenticate} does, for callers that must not wait: an auther that asks an external service
     * (GOST's auther plugin) answers later, and the stage completes with false when that service fails or is too
     * slow. The stage never completes exceptionally. The default answers at once.
     *
     * @since 1.2
     */
    default CompletionStage<Boolean> authenticateAsync(String user, String password, AuthRequest request) {
        return CompletableFuture.completedFuture(authenticate(user, password));
    }
}
