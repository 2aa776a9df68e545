package io.jrunc.cli;

/** A command's failure, reported as {@code jrunc: <message>} with exit status 1. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
