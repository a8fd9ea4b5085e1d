/** What devices and transports share: explicit packet batches and descriptors a poller can watch. */
@Version("1.0.0")
@Export
package org.gost4j.api.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
