package io.jrunc.cli;

/** A command's failure, reported as {@code jrunc: <message>} with exit status 1 (or another). */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliException(String message) {
    this(message, 1);
  }

  CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The status jrunc exits with. */
  int exitCode() {
    return exitCode;
  }
}
