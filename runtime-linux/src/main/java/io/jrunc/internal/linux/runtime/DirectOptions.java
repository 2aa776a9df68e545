package io.jrunc.internal.linux.runtime;

import java.nio.file.Path;

/**
 * runc's create options for {@link LinuxContainerRuntime#createDirect}.
 *
 * @param consoleSocket the unix socket the pty master goes to (runc's {@code --console-socket});
 *     required with {@code process.terminal}, refused without; null: none
 * @param preserveFds how many fds from 3 on the container keeps ({@code --preserve-fds})
 * @param noPivotRoot chroot instead of pivot_root ({@code --no-pivot})
 */
public record DirectOptions(Path consoleSocket, int preserveFds, boolean noPivotRoot) {
  public DirectOptions {
    if (preserveFds < 0) {
      throw new IllegalArgumentException("preserveFds < 0: " + preserveFds);
    }
  }

  /** No console socket, no preserved fds, pivot_root. */
  public static DirectOptions defaults() {
    return new DirectOptions(null, 0, false);
  }
}
