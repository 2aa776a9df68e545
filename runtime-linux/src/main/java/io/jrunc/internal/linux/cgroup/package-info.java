/**
 * Cgroups v1, hybrid and v2 for containers: where a container's cgroups are ({@link
 * io.jrunc.internal.linux.cgroup.Hierarchies}, {@link io.jrunc.internal.linux.cgroup.CgroupPaths}),
 * which files its {@code linux.resources} become ({@link
 * io.jrunc.internal.linux.cgroup.ResourceWrites}), reading its statistics, freezing and killing it
 * ({@link io.jrunc.internal.linux.cgroup.Cgroups}), and whether cgroups can be used at all ({@link
 * io.jrunc.internal.linux.cgroup.CgroupPolicy}). All file access goes through {@link
 * io.jrunc.internal.linux.cgroup.CgroupFs}, so unit tests run against a temporary directory laid
 * out like cgroupfs.
 */
package io.jrunc.internal.linux.cgroup;
