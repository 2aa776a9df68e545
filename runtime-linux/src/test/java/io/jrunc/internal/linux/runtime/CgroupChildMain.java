package io.jrunc.internal.linux.runtime;

import io.jrunc.Container;
import java.nio.file.Path;

/**
 * A JVM that creates one container (not detached) with limits and waits to be killed (CgroupsIT
 * kills it with SIGKILL). Arguments: rootfs, state root, id, "detached" or "attached". Prints {@code READY}.
 */
public final class CgroupChildMain {
  private CgroupChildMain() {}

  public static void main(String[] args) throws Exception {
    LinuxContainerRuntime runtime = new LinuxContainerRuntime(Path.of(args[1]));
    Container c = Container.builder().runtime(runtime).rootfs(Path.of(args[0])).id(args[2])
        .args("sleep", "1000").detached("detached".equals(args[3])).pidsLimit(100).memoryLimit(64L << 20)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    System.out.println("READY " + c.process().pid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
