/**
 * jrunc: an embeddable OCI container runtime. The entry points are in the sub-packages:
 * {@link io.jrunc.spec} for the OCI runtime-spec model and {@link io.jrunc.rootfs} for making a
 * root filesystem from an exported image.
 */
package io.jrunc;
