package io.jrunc.internal.linux.shim;

import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.testing.BusyboxPlans;
import io.jrunc.internal.linux.tty.RawMode;
import io.jrunc.internal.linux.tty.TerminalAttachment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an interactive {@code jrunc run} does, in a JVM of its own whose stdin and stdout are a
 * terminal (TerminalIT gives it one): a busybox shell in a container with a terminal of this
 * terminal's size, attached to this JVM's terminal in raw mode until it exits; exits with its
 * status. Argument: the rootfs.
 */
public final class TerminalChildMain {
  private TerminalChildMain() {}

  public static void main(String[] args) throws Exception {
    Plan plan = BusyboxPlans.container(Path.of(args[0]), BusyboxPlans.NAMESPACES, "run", true)
        .exec("/bin/sh", List.of("sh"), BusyboxPlans.ENV).build();
    int status;
    try (ShimHandle c = ShimLauncher.create().start(plan,
        ShimOptions.defaults().terminal(RawMode.size(0).orElse(null)))) {
      try (TerminalAttachment a = TerminalAttachment.attachHost(c.terminal().orElseThrow())) {
        status = c.onExit().get().exitValue();
        a.awaitOutput(10, TimeUnit.SECONDS);
      }
    }
    System.exit(status);
  }
}
