/** What the management bundle needs to expose a service as an MBean (see {@link org.gost4j.api.management.ManagedObjects}). */
@Version("1.0.1")
@Export
package org.gost4j.api.management;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
