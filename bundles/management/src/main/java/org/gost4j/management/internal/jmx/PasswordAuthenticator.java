package org.gost4j.management.internal.jmx;

import java.util.Set;
import java.util.function.Supplier;

import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

import org.gost4j.management.internal.credentials.Credentials;

/** Checks a JMX client's {@code String[] {user, password}} against the management users. */
final class PasswordAuthenticator implements JMXAuthenticator {

    private final Supplier<Credentials> credentials;

    PasswordAuthenticator(Supplier<Credentials> credentials) {
        this.credentials = credentials;
    }

    @Override
    public Subject authenticate(Object given) {
        if (given instanceof String[] pair && pair.length == 2 && credentials.get().check(pair[0], pair[1])) {
            return new Subject(true, Set.of(new JMXPrincipal(pair[0])), Set.of(), Set.of());
        }
        throw new SecurityException("Authentication failed"); // the same answer whatever was wrong
    }
}
