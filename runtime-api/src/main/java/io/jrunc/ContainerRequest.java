package io.jrunc;

import io.jrunc.spec.Spec;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link ContainerBuilder} asks a {@link ContainerRuntime} to create.
 *
 * @param id the container id
 * @param spec the configuration, with {@code root.path} absolute
 * @param bundle the bundle directory (for hooks and the OCI state)
 * @param stdin where the process's standard input comes from
 * @param stdout where its standard output goes
 * @param stderr where its standard error goes
 * @param detached whether the container outlives this JVM (else it is killed when the JVM exits)
 */
public record ContainerRequest(
    String id, Spec spec, Path bundle, Redirect stdin, Redirect stdout, Redirect stderr,
    boolean detached) {

  /**
   * Checks the components.
   *
   * @param id the id
   * @param spec the spec
   * @param bundle the bundle
   * @param stdin the input
   * @param stdout the output
   * @param stderr the error output
   * @param detached whether detached
   */
  public ContainerRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }
}
