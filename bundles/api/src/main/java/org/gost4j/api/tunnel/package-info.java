/** Tunnel services and their configuration identifiers. */
@Version("1.2.0")
@Export
package org.gost4j.api.tunnel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
