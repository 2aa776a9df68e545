package io.jrunc;

/**
 * A container operation failed. The message says what failed in the container's terms, for
 * example {@code mount "proc" on "/proc": Operation not permitted (plan step 12)} or
 * {@code exec "/bin/nope": No such file or directory}.
 */
public class ContainerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Makes an exception.
   *
   * @param message what failed
   */
  public ContainerException(String message) {
    super(message);
  }

  /**
   * Makes an exception with its cause.
   *
   * @param message what failed
   * @param cause the underlying failure
   */
  public ContainerException(String message, Throwable cause) {
    super(message, cause);
  }
}
