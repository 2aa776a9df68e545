package io.jrunc.internal.linux.helper;

import java.io.IOException;

/** The helper could not be loaded, started, or run its plan. */
public class HelperException extends IOException {
  private static final long serialVersionUID = 1L;

  public HelperException(String message) {
    super(message);
  }

  public HelperException(String message, Throwable cause) {
    super(message, cause);
  }
}
