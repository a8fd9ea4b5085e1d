/** Authentication services (GOST's authers), found by their {@code name} property. */
@Version("1.1.1")
@Export
package org.gost4j.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
