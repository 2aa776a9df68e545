package io.jrunc;

import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A container: a process isolated in its own namespaces, on its own root filesystem, with the
 * lifecycle of the OCI runtime specification (creating, created, running, stopped).
 *
 * <pre>{@code
 * try (Container c = Container.builder().rootfs(rootfs).args("sh", "-c", "echo hi").start()) {
 *   String out = new String(c.process().getInputStream().readAllBytes());
 *   int status = c.process().waitFor();
 * }
 * }</pre>
 *
 * <p>{@link #close()} kills the container if it still runs, waits for it and deletes it, so a
 * try-with-resources block never leaks a process, mount or state directory.
 */
public interface Container extends AutoCloseable {

  /**
   * Returns a builder for a new container with runc's defaults ({@code runc spec}).
   *
   * @return a new builder
   */
  static ContainerBuilder builder() {
    return new ContainerBuilder();
  }

  /**
   * Returns a builder for a container of an OCI bundle: {@code config.json} in the directory,
   * its {@code root.path} taken relative to the directory.
   *
   * @param bundle the bundle directory
   * @return a builder set from the bundle
   * @throws IOException if config.json cannot be read
   * @throws io.jrunc.spec.SpecException if config.json is malformed; the message has the line and
   *     column
   */
  static ContainerBuilder fromBundle(Path bundle) throws IOException {
    return new ContainerBuilder().bundle(bundle);
  }

  /**
   * Returns the containers of the default runtime's state directory.
   *
   * @return the containers, in no particular order
   */
  static List<Container> list() {
    return ContainerRuntime.get().list();
  }

  /**
   * Finds a container of the default runtime by id, also one started by another JVM.
   *
   * @param id the container id
   * @return the container, if there is one with that id
   */
  static Optional<Container> find(String id) {
    return ContainerRuntime.get().find(id);
  }

  /**
   * Returns the container's id.
   *
   * @return the id
   */
  String id();

  /**
   * Returns the configuration the container was created with.
   *
   * @return the spec, with {@code root.path} absolute
   */
  Spec spec();

  /**
   * Returns the container's OCI state, read now.
   *
   * @return the state
   */
  State state();

  /**
   * Returns the container's init process.
   *
   * @return the process
   */
  ContainerProcess process();

  /**
   * Starts the user's program in a created container.
   *
   * @return this container
   * @throws ContainerException if the container is not in the created state or the program
   *     cannot be executed
   */
  Container start();

  /**
   * Runs another process in the running container (runc's {@code exec}): it joins the container's
   * namespaces and cgroups and takes the credentials, capabilities, environment, working directory
   * and limits that {@code process} gives (use {@code spec().process().toBuilder()} to start from
   * the container's own). Its standard streams are pipes to this JVM ({@code process.terminal} is
   * refused here); it is not the container's init, so it ends with the container.
   *
   * @param process what to run, as in {@code config.json}'s {@code process}
   * @return the running process; its exit status is its own
   * @throws ContainerException if the container is not running or the process cannot be started
   *     (the message names the failed step)
   */
  ContainerProcess exec(io.jrunc.spec.Spec.Process process);

  /**
   * Sends a signal to the container's init process.
   *
   * @param signal the signal number (see {@link Signal})
   * @throws ContainerException if the container is not created or running
   */
  void kill(int signal);

  /**
   * Sends a signal to the container's init process.
   *
   * @param signal the signal
   * @throws ContainerException if the container is not created or running
   */
  default void kill(Signal signal) {
    kill(signal.number());
  }

  /**
   * Sends a signal to every process of the container, through its cgroup (runc's {@code kill
   * --all}); SIGKILL on cgroup v2 is the cgroup's {@code cgroup.kill}.
   *
   * @param signal the signal number (see {@link Signal})
   * @throws ContainerException if the container is not created or running, or has no cgroup
   */
  void killAll(int signal);

  /**
   * Freezes every process of the container (cgroup freezer); its status becomes {@code paused}.
   *
   * @throws ContainerException if the container is not running, or has no cgroup
   */
  void pause();

  /**
   * Thaws a paused container; its status is {@code running} again.
   *
   * @throws ContainerException if the container is not paused
   */
  void resume();

  /**
   * Reads the container's resource usage from its cgroups.
   *
   * @return the statistics now
   * @throws ContainerException if the container has no cgroup
   */
  ContainerStats stats();

  /**
   * Changes the resource limits of a created, running or paused container: the fields set in
   * {@code resources} are written to its cgroups (the others stay), and recorded in its state.
   *
   * @param resources the new limits
   * @throws ContainerException naming the resource and value if the kernel refuses one
   */
  void update(io.jrunc.spec.Linux.Resources resources);

  /**
   * Deletes a stopped (or created) container: its state directory and everything the runtime made
   * for it.
   *
   * @throws ContainerException if the container is running
   */
  void delete();

  /**
   * Returns the plan of the container's setup: every syscall it made or will make, one per line.
   *
   * @return the plan, readable
   */
  String plan();

  /**
   * Kills the container if it runs, waits for it to stop, and deletes it. Does nothing when it is
   * already deleted.
   */
  @Override
  void close();
}
