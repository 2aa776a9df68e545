package io.jrunc.internal.linux.hooks;

import java.io.IOException;

/**
 * A hook failed where that fails the operation (prestart, createRuntime, createContainer,
 * startContainer). The message names it: {@code hooks.createRuntime[0] (/usr/bin/foo): exited
 * with status 3: <first line of its stderr>}.
 */
public final class HookException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String hook;

  public HookException(String hook, String message, Throwable cause) {
    super(message, cause);
    this.hook = hook;
  }

  /** The hook, as {@code hooks.<kind>[<index>]}. */
  public String hook() {
    return hook;
  }
}
