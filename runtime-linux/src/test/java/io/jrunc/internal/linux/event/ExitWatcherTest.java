package io.jrunc.internal.linux.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.spawn.SpawnedProcess;
import io.jrunc.internal.linux.spawn.Spawner;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event loop with ordinary child processes. */
class ExitWatcherTest {
  static SpawnedProcess spawn(String... argv) throws Exception {
    return Spawner.spawn(argv[0], List.of(argv), List.of("PATH=/usr/bin:/bin"),
        Redirect.INHERIT, Redirect.INHERIT, Redirect.INHERIT);
  }

  static long threadsNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).count();
  }

  @Test
  void aChildIsReapedAndItsFutureCompletes() throws Exception {
    long t0 = System.nanoTime();
    SpawnedProcess p = spawn("/bin/sleep", "0.1");
    assertThat(p.isAlive()).isTrue();
    ExitStatus s = p.exitStatus().get(10, TimeUnit.SECONDS);
    assertThat(s).isEqualTo(ExitStatus.exited(0));
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(p.isAlive()).isFalse();
    assertThat(p.exitValue()).isZero();
    // reaped: no zombie is left under this pid (it may only have been reused by now)
    assertThat(PidFd.parentPid(p.pid())).isNotEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void exitCodesAndSignalsAreTold() throws Exception {
    assertThat(spawn("/bin/sh", "-c", "exit 7").waitFor()).isEqualTo(7);
    SpawnedProcess self = spawn("/bin/sh", "-c", "kill -9 $$");
    assertThat(self.exitStatus().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.killed(9, false));
    assertThat(self.exitValue()).isEqualTo(137);
    SpawnedProcess sleeper = spawn("/bin/sleep", "100");
    assertThat(sleeper.signal(Linux.SIGTERM)).isTrue();
    assertThat(sleeper.waitFor()).isEqualTo(128 + Linux.SIGTERM);
    assertThat(sleeper.signal(Linux.SIGKILL)).as("signal after reaping").isFalse();
  }

  @Test
  void onExitCompletesOffTheLoopThread() throws Exception {
    SpawnedProcess p = spawn("/bin/true");
    CompletableFuture<String> thread = p.onExit().thenApply(x -> Thread.currentThread().getName());
    assertThat(thread.get(10, TimeUnit.SECONDS)).isNotEqualTo(ExitWatcher.THREAD_NAME);
    // A callback that blocks does not hold up other exits.
    CountDownLatch hold = new CountDownLatch(1);
    spawn("/bin/true").onExit().thenRun(() -> {
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    SpawnedProcess next = spawn("/bin/true");
    assertThat(next.exitStatus().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
    hold.countDown();
  }

  @Test
  void aHundredConcurrentChildrenShareOneThread() throws Exception {
    ExitWatcher.get();
    int before = ManagementFactory.getThreadMXBean().getThreadCount();
    List<SpawnedProcess> ps = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ps.add(spawn("/bin/sleep", "0.5"));
    }
    assertThat(ps).allMatch(SpawnedProcess::isAlive);
    int during = ManagementFactory.getThreadMXBean().getThreadCount();
    for (SpawnedProcess p : ps) {
      assertThat(p.exitStatus().get(30, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
    }
    // One loop thread for all; at most the callback thread (and the fd cleaner) come and go.
    assertThat(threadsNamed(ExitWatcher.THREAD_NAME)).isEqualTo(1);
    assertThat(during - before).as("threads started for 100 children").isLessThanOrEqualTo(2);
    assertThat(ExitWatcher.get().watchCount()).isLessThan(5);
  }

  @Test
  void whenExitedWorksForProcessesThatAreNotChildrenAndCanBeCancelled() throws Exception {
    // A grandchild: sh starts sleep in the background and exits, so sleep is not our child.
    SpawnedProcess sh = Spawner.spawn("/bin/sh", List.of("sh", "-c", "sleep 0.3 >/dev/null & echo $!"),
        List.of("PATH=/usr/bin:/bin"), Redirect.INHERIT, Redirect.PIPE, Redirect.INHERIT);
    long pid = Long.parseLong(new String(sh.getInputStream().readAllBytes()).trim());
    sh.getInputStream().close();
    PidFd grandchild = PidFd.open(pid);
    CompletableFuture<Void> gone = ExitWatcher.get().whenExited(grandchild);
    assertThat(gone.isDone()).isFalse();
    gone.get(10, TimeUnit.SECONDS);
    assertThat(grandchild.isClosed()).isTrue();

    SpawnedProcess sleeper = spawn("/bin/sleep", "100");
    PidFd other = PidFd.open(sleeper.pid());
    CompletableFuture<Void> watch = ExitWatcher.get().whenExited(other);
    int watches = ExitWatcher.get().watchCount();
    watch.cancel(false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!other.isClosed() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(other.isClosed()).as("a cancelled watch lets go of its pidfd").isTrue();
    assertThat(ExitWatcher.get().watchCount()).isLessThan(watches);
    sleeper.destroyForcibly();
    assertThat(sleeper.waitFor()).isEqualTo(137);
  }

  @Test
  void timersRunOnTheLoop() throws Exception {
    CompletableFuture<String> ran = new CompletableFuture<>();
    long t0 = System.nanoTime();
    ExitWatcher.get().schedule(50, () -> ran.complete(Thread.currentThread().getName()));
    assertThat(ran.get(10, TimeUnit.SECONDS)).isEqualTo(ExitWatcher.THREAD_NAME);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
  }

  @Test
  void readableFdsAreFollowedUntilTheHandlerStops() throws Exception {
    int[] p = new int[2];
    LibC.pipe2(p, Linux.O_CLOEXEC | Linux.O_NONBLOCK);
    CompletableFuture<Integer> bytes = new CompletableFuture<>();
    int[] total = {0};
    com.sun.jna.Memory buf = new com.sun.jna.Memory(64);
    ExitWatcher.get().watchReadable(p[0], (fd, ev) -> {
      long n;
      while (true) {
        try {
          n = LibC.read(fd, buf, 64);
        } catch (com.sun.jna.LastErrorException e) {
          return true; // EAGAIN: wait for more
        }
        if (n == 0) {
          bytes.complete(total[0]);
          return false;
        }
        total[0] += (int) n;
      }
    });
    LibC.writeFully(p[1], new byte[100], 0, 100);
    LibC.close(p[1]);
    assertThat(bytes.get(10, TimeUnit.SECONDS)).isEqualTo(100);
  }
}
