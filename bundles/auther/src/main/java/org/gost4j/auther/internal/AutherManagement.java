package org.gost4j.auther.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.management.MBeanException;

import org.gost4j.api.auth.AutherMBean;
import org.gost4j.support.config.OwnConfiguration;
import org.gost4j.support.management.Failures;

/**
 * The management view of an {@link AutherComponent}: user names only, never passwords. Changes go into the
 * auther's own configuration (so DS restarts it with them); a change that cannot be made is an
 * {@link MBeanException} with a one-line message that names entries, never their passwords.
 */
final class AutherManagement implements AutherMBean {

    private static final Logger LOG = System.getLogger(AutherManagement.class.getName());
    private static final String AUTHS = "auths";

    private final AutherComponent auther;
    private final OwnConfiguration configuration;

    AutherManagement(AutherComponent auther, OwnConfiguration configuration) {
        this.auther = auther;
        this.configuration = configuration;
    }

    @Override
    public String getName() {
        return auther.name();
    }

    @Override
    public String[] getUsers() {
        return auther.credentials().users();
    }

    @Override
    public String addEntry(String user, String password) throws MBeanException {
        if (user == null || user.isBlank() || password == null) {
            throw Failures.of("a user name and a password are needed");
        }
        String trimmed = user.trim();
        return change("user " + trimmed + " set", entries -> Credentials.withEntry(entries, trimmed, password));
    }

    @Override
    public String removeEntry(String user) throws MBeanException {
        if (user == null || user.isBlank()) {
            throw Failures.of("a user name is needed");
        }
        String trimmed = user.trim();
        if (!auther.inline().contains(Credentials.canonical(trimmed))) {
            throw Failures.of("no user " + trimmed + " in auths" + (auther.credentials().contains(
                    Credentials.canonical(trimmed)) ? " (it comes from a loader: remove it there)" : ""));
        }
        return change("user " + trimmed + " removed", entries -> Credentials.withoutUser(entries, trimmed));
    }

    @Override
    public String[] getSources() {
        return auther.sources();
    }

    @Override
    public long getRefreshes() {
        return auther.refreshes();
    }

    @Override
    public long getRefreshFailures() {
        return auther.refreshFailures();
    }

    @Override
    public long getPluginFailures() {
        return auther.pluginFailures();
    }

    private String change(String done, UnaryOperator<List<String>> edit) throws MBeanException {
        try {
            configuration.edit(AUTHS, edit);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, auther + ": change refused: " + e.getMessage());
            throw Failures.of(e);
        }
        LOG.log(Level.INFO, auther + ": " + done + " through management");
        return done;
    }
}
