package io.jrunc.internal.linux.shim;

import io.jrunc.internal.linux.testing.BusyboxPlans;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;

/**
 * A JVM that starts one container and then waits to be killed (ShimIT kills it with SIGKILL).
 * Arguments: rootfs, state dir, "detached" or "attached". Prints {@code READY <init> <shim>}.
 */
public final class ShimChildMain {
  private ShimChildMain() {}

  public static void main(String[] args) throws Exception {
    Path rootfs = Path.of(args[0]);
    Path state = Path.of(args[1]);
    boolean detached = "detached".equals(args[2]);
    ShimHandle c = ShimLauncher.create().start(BusyboxPlans.run(rootfs, "/bin/sleep", "1000"),
        ShimOptions.defaults().detached(detached).stateDir(state).stdio(
            new io.jrunc.internal.linux.helper.HelperLauncher.Stdio(Redirect.from(new java.io.File("/dev/null")), Redirect.DISCARD,
                Redirect.DISCARD)));
    System.out.println("READY " + c.initPid() + " " + c.shimPid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
