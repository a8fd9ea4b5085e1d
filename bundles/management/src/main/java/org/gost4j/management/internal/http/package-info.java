/** The management HTTP server (JDK HttpServer) and what it serves besides Jolokia: the web console. */
package org.gost4j.management.internal.http;
