package io.jrunc.internal.linux.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * At JVM exit the loop thread leaves {@code epoll_wait} and ends: HotSpot's exit otherwise waits
 * up to 300 ms for a thread in native code, on every short-lived {@code jrunc} command.
 */
class ExitWatcherShutdownTest {

  /** The child JVM: uses the loop, then at exit tells whether the loop thread ended. */
  public static void main(String[] args) throws Exception {
    ExitWatcher w = ExitWatcher.get();
    ExitWatcherTest.spawn("/bin/true").waitFor();
    Thread loop = w.thread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        loop.join(TimeUnit.SECONDS.toMillis(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.out.println("loop thread alive at exit: " + loop.isAlive());
    }));
    System.out.println("loop thread alive before exit: " + loop.isAlive());
    System.exit(0);
  }

  @Test
  void theLoopThreadEndsWhenTheJvmExits() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        ExitWatcherShutdownTest.class.getName())).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("loop thread alive before exit: true", "loop thread alive at exit: false");
    assertThat(p.exitValue()).isZero();
  }
}
