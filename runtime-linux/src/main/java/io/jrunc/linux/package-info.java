/** The Linux provider of jrunc: namespaces, mounts, cgroups and the init helper. */
package io.jrunc.linux;
