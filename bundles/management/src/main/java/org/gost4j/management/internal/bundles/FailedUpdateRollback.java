package org.gost4j.management.internal.bundles;

import org.gost4j.support.bundles.UpdateRollback;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Rollback for updates of the other gost4j bundles made by anyone else, e.g. FileInstall when a jar in
 * {@code deploy/} is replaced (see {@link UpdateRollback}). Not for this bundle: its own update stops this
 * listener, so the appliance's launcher watches it instead; a container's own bundles are its business.
 */
@Component(service = {}, immediate = true)
public final class FailedUpdateRollback {

    private static final String OURS = "org.gost4j.";

    private final UpdateRollback rollback;

    @Activate
    public FailedUpdateRollback(BundleContext context) {
        Bundle self = context.getBundle();
        rollback = new UpdateRollback(context, bundle -> bundle.getSymbolicName() != null
                && bundle.getSymbolicName().startsWith(OURS) && !bundle.equals(self));
    }

    @Deactivate
    void deactivate() {
        rollback.close();
    }
}
