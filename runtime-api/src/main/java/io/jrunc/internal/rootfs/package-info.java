/**
 * Implementation of {@link io.jrunc.rootfs}. Not API: may change without notice. The one extension
 * point is {@link io.jrunc.internal.rootfs.NativeFs}, through which the Linux runtime module
 * supplies the file-system calls that {@code java.nio.file} lacks.
 */
package io.jrunc.internal.rootfs;
