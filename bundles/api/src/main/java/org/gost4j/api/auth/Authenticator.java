package org.gost4j.api.auth;

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
}
