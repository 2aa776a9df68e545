package io.jrunc.internal.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.spawn.FdInputStream;
import io.jrunc.internal.linux.spawn.FdOutputStream;
import io.jrunc.internal.linux.tty.ConsoleSize;
import io.jrunc.internal.linux.tty.PtyMaster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCM_RIGHTS in-process: socket pairs, and runc's console socket protocol over a path. */
class UnixSocketsTest {
  @TempDir Path tmp;

  static int fdFlags(int fd) {
    return LibC.fcntl(fd, LibC.F_GETFD, 0);
  }

  @Test
  void anFdAndItsNameCrossASocketPair() throws Exception {
    int[] sp = UnixSockets.socketPair();
    int[] pipe = new int[2];
    LibC.pipe2(pipe, Linux.O_CLOEXEC);
    try {
      assertThat(fdFlags(sp[0]) & LibC.FD_CLOEXEC).isEqualTo(LibC.FD_CLOEXEC);
      assertThat(UnixSockets.receiveFd(sp[1], false)).isNull(); // nothing sent yet
      UnixSockets.sendFd(sp[0], pipe[1], "/dev/ptmx");
      LibC.close(pipe[1]);
      UnixSockets.Received r = UnixSockets.receiveFd(sp[1], false);
      assertThat(r.name()).isEqualTo("/dev/ptmx");
      assertThat(r.fd()).isGreaterThan(2);
      assertThat(fdFlags(r.fd()) & LibC.FD_CLOEXEC).isEqualTo(LibC.FD_CLOEXEC);
      try (FdOutputStream out = new FdOutputStream(r.fd())) {
        out.write("through the received fd".getBytes(StandardCharsets.UTF_8));
      }
      try (FdInputStream in = new FdInputStream(pipe[0])) {
        pipe[0] = -1;
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("through the received fd");
      }
      // the sender went away without sending: end of file is an error, not a null
      LibC.close(sp[0]);
      sp[0] = -1;
      assertThatThrownBy(() -> UnixSockets.receiveFd(sp[1], true))
          .hasMessage("receiving an fd: end of file: no fd was sent");
    } finally {
      for (int fd : new int[] {sp[0], sp[1], pipe[0]}) {
        LibC.closeQuietly(fd);
      }
    }
  }

  @Test
  void dataWithoutAnFdIsRefused() throws Exception {
    int[] sp = UnixSockets.socketPair();
    try {
      LibC.writeFully(sp[0], new byte[] {'x'}, 0, 1);
      assertThatThrownBy(() -> UnixSockets.receiveFd(sp[1], true))
          .hasMessage("receiving an fd: 0 fds were sent, not one");
    } finally {
      LibC.closeQuietly(sp[0]);
      LibC.closeQuietly(sp[1]);
    }
  }

  @Test
  void namesAreBounded() throws Exception {
    int[] sp = UnixSockets.socketPair();
    try {
      assertThatThrownBy(() -> UnixSockets.sendFd(sp[0], 0, "")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> UnixSockets.sendFd(sp[0], 0, "x".repeat(4096)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> UnixSockets.connect(tmp.resolve("x".repeat(120))))
          .hasMessageStartingWith("a unix socket path of 1 to 107 bytes");
    } finally {
      LibC.closeQuietly(sp[0]);
      LibC.closeQuietly(sp[1]);
    }
  }

  /** What runc's recvtty, containerd's shim or conmon do: listen, accept, receive the master. */
  @Test
  void aMasterIsHandedToAConsoleSocket() throws Exception {
    Path path = tmp.resolve("console.sock");
    int listener = UnixSockets.listen(path, 1);
    PtyMaster.Pair pair = PtyMaster.openHost(new ConsoleSize(7, 42));
    try {
      CompletableFuture<UnixSockets.Received> got = CompletableFuture.supplyAsync(() -> {
        try {
          int conn = UnixSockets.accept(listener);
          try {
            return UnixSockets.receiveFd(conn, true);
          } finally {
            LibC.closeQuietly(conn);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      pair.master().sendTo(path);
      UnixSockets.Received r = got.get(10, TimeUnit.SECONDS);
      assertThat(r.name()).isEqualTo("/dev/ptmx");
      try (PtyMaster received = PtyMaster.adopt(r.fd(), r.name())) {
        assertThat(received.size()).isEqualTo(new ConsoleSize(7, 42)); // the same terminal
      }
      assertThatThrownBy(() -> pair.master().sendTo(tmp.resolve("nobody.sock")))
          .hasMessageContaining("connect").hasMessageContaining("ENOENT");
    } finally {
      pair.master().close();
      LibC.closeQuietly(pair.peerFd());
      LibC.closeQuietly(listener);
    }
  }
}
