package io.jrunc;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A container runtime: what creates containers for {@link ContainerBuilder} and finds them again.
 * Implementations are found with {@link ServiceLoader}; {@code io.jrunc:runtime-linux} provides
 * the Linux one.
 */
public interface ContainerRuntime {

  /**
   * Returns the runtime of the class path: the first {@link ContainerRuntime} service.
   *
   * @return the runtime
   * @throws ContainerException if none is on the class path
   */
  static ContainerRuntime get() {
    return Holder.DEFAULT;
  }

  /**
   * Creates a container: its init process waits, set up, before executing the user's program
   * (see {@link Container#start()}).
   *
   * @param request what to create
   * @return the created container
   * @throws ContainerException if it cannot be created; nothing of it is left behind
   */
  Container create(ContainerRequest request);

  /**
   * Returns the containers of this runtime's state directory.
   *
   * @return the containers
   */
  List<Container> list();

  /**
   * Finds a container by id.
   *
   * @param id the id
   * @return the container, if there is one
   */
  Optional<Container> find(String id);

  /** Holds the class path's runtime. */
  final class Holder {
    private static final ContainerRuntime DEFAULT = load();

    private Holder() {
    }

    private static ContainerRuntime load() {
      Iterator<ContainerRuntime> it = ServiceLoader.load(ContainerRuntime.class).iterator();
      if (!it.hasNext()) {
        throw new ContainerException(
            "no container runtime found: add io.jrunc:runtime-linux to the class path");
      }
      return it.next();
    }
  }
}
