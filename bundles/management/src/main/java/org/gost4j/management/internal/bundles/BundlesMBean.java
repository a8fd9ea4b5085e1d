package org.gost4j.management.internal.bundles;

import javax.management.MBeanException;

/** {@code gost4j:type=framework,name=bundles}: the framework's bundles, and updating one in place. */
public interface BundlesMBean {

    /** One line per bundle: {@code id symbolicName version state}. */
    String[] getBundles();

    /**
     * Updates the bundle named {@code bundle} (its symbolic name, {@code org.gost4j.} left out or not, or its
     * {@code Bundle-Name}) from the jar at {@code url}; if the new one does not resolve or start, the previous
     * content is put back and runs again.
     *
     * @return what was done, in one line
     * @throws MBeanException why nothing changed, in one line
     */
    String updateBundle(String bundle, String url) throws MBeanException;
}
