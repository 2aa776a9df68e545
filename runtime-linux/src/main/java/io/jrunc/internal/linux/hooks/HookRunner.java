package io.jrunc.internal.linux.hooks;

import io.jrunc.spec.Spec;
import java.io.IOException;

/** Runs one hook program to its end. The real ones spawn it; tests use fakes. */
@FunctionalInterface
public interface HookRunner {
  /**
   * Runs {@code hook} with {@code stdin} as its standard input, and waits for it to exit, or kills
   * it once its timeout (if it has one) has passed.
   *
   * @throws IOException if it could not be started at all; the message says why
   */
  HookOutcome run(Spec.Hooks.Hook hook, byte[] stdin) throws IOException;
}
