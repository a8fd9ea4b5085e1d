/** In-memory device driver: queues instead of a kernel. Not exported. */
package org.gost4j.device.emulated.internal;
