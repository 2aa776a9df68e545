package io.jrunc.internal.linux.cgroup;

import java.io.IOException;

/** A cgroup could not be made, joined, written, read or removed; the message names the file. */
public class CgroupException extends IOException {
  private static final long serialVersionUID = 1L;

  public CgroupException(String message) {
    super(message);
  }

  public CgroupException(String message, Throwable cause) {
    super(message, cause);
  }
}
