package io.jrunc.internal.linux.helper;

import static io.jrunc.internal.linux.Linux.O_CREAT;
import static io.jrunc.internal.linux.Linux.O_TRUNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.PlanEncoder;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real helper on plans that need no privileges (no CLONE, no namespaces): launching,
 * stdio, error records and their messages, tolerated errnos, WAIT_FIFO.
 */
class HelperLauncherTest {
  private static final List<String> ENV = List.of("PATH=/usr/bin:/bin");
  private static HelperLauncher launcher;

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws Exception {
    launcher = HelperLauncher.create();
  }

  private static String out(HelperProcess p) throws Exception {
    String s = new String(p.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return s;
  }

  @Test
  void execsWithTheGivenArgvAndEnvironmentAndStdio() throws Exception {
    Plan plan = new PlanBuilder()
        .exec("/bin/sh", List.of("sh", "-c", "echo \"$0 $1 $GREETING\"; echo err >&2; exit 7", "a0", "b1"),
            List.of("GREETING=hello"))
        .build();
    HelperProcess p = launcher.launch(plan);
    assertThat(p.childPid()).isEqualTo(-1);
    assertThat(out(p)).isEqualTo("a0 b1 hello\n");
    assertThat(new String(p.process().getErrorStream().readAllBytes())).isEqualTo("err\n");
    assertThat(p.process().exitValue()).isEqualTo(7);
  }

  @Test
  void searchesTheGivenDirectoriesForABareName() throws Exception {
    Plan plan = new PlanBuilder()
        .execSearching("sh", "/nonexistent:/bin", List.of("sh", "-c", "echo found"), ENV)
        .build();
    assertThat(out(launcher.launch(plan))).isEqualTo("found\n");
  }

  @Test
  void aMissingProgramIsReportedWithItsStep() throws Exception {
    Plan plan = new PlanBuilder().umask(022).exec("/bin/nope", List.of("nope"), ENV).build();
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOf(PlanStepException.class)
        .hasMessage("exec \"/bin/nope\": no such file or directory (plan step 1)")
        .satisfies(e -> {
          PlanStepException pse = (PlanStepException) e;
          assertThat(pse.stepIndex()).isEqualTo(1);
          assertThat(pse.errno()).isEqualTo(Errno.ENOENT);
          assertThat(pse.errnoName()).isEqualTo("ENOENT");
          assertThat(pse.step()).isEqualTo(plan.step(1));
        });
  }

  @Test
  void aFailedStepStopsThePlanThere() throws Exception {
    Path marker = tmp.resolve("marker");
    Plan plan = new PlanBuilder()
        .mkdir(tmp.resolve("no/such/parent").toString(), 0755)
        .writeFileAt(Linux.AT_FDCWD, marker.toString(), O_CREAT | O_TRUNC, 0644, new byte[] {'x'})
        .exec("/bin/true", List.of("true"), ENV)
        .build();
    assertThatThrownBy(() -> launcher.launch(plan))
        .hasMessage("mkdir \"" + tmp + "/no/such/parent\" 0755: No such file or directory (plan step 0)");
    assertThat(marker).doesNotExist();
  }

  @Test
  void aToleratedErrnoCountsAsSuccess() throws Exception {
    Path file = tmp.resolve("written");
    Plan plan = new PlanBuilder()
        .mkdir(tmp.toString(), 0755).tolerate(Errno.EEXIST)
        .writeFileAt(Linux.AT_FDCWD, file.toString(), O_CREAT | O_TRUNC, 0600, "data".getBytes())
        .exec("/bin/true", List.of("true"), ENV)
        .build();
    HelperProcess p = launcher.launch(plan);
    assertThat(p.waitFor()).isZero();
    assertThat(Files.readString(file)).isEqualTo("data");
  }

  @Test
  void theHelperExitsWithADistinctCodeOnFailure() throws Exception {
    Plan plan = new PlanBuilder().chdir("/nonexistent").exec("/bin/true", List.of("true"), ENV).build();
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOfSatisfying(PlanStepException.class,
            e -> assertThat(e.exitStatus()).isEqualTo(122)); // JR_EXIT_STEP
  }

  @Test
  void waitParentIsReleasedAfterTheHook() throws Exception {
    long[] hookPid = {0};
    Plan plan = new PlanBuilder().waitParent().exec("/bin/sh", List.of("sh", "-c", "echo $$"), ENV).build();
    HelperProcess p = launcher.launch(plan, HelperLauncher.Stdio.pipes(), pid -> hookPid[0] = pid);
    assertThat(out(p).trim()).isEqualTo(Long.toString(p.helperPid()));
    assertThat(hookPid[0]).isEqualTo(p.helperPid());
  }

  @Test
  void waitFifoBlocksUntilTheFifoIsOpenedForReading() throws Exception {
    Path fifo = tmp.resolve("exec.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    Plan plan = new PlanBuilder()
        .waitFifo(fifo.toString())
        .exec("/bin/sh", List.of("sh", "-c", "echo started"), ENV)
        .build();
    HelperProcess created = launcher.launch(plan);
    assertThat(created.waitingAtFifo()).isTrue();
    assertThat(created.process().isAlive()).isTrue();
    try (InputStream in = new FileInputStream(fifo.toFile())) { // "start"
      assertThat(in.read()).isEqualTo('0'); // (readAllBytes on a fifo fails on JDK 17: it seeks)
      assertThat(in.read()).isEqualTo(-1);
    }
    HelperProcess started = created.awaitExec();
    assertThat(started.waitingAtFifo()).isFalse();
    assertThat(out(started)).isEqualTo("started\n");
  }

  // ---- RUN_WAIT and SYNC ----------------------------------------------------------------------

  /** A plan that opens stdin/stderr files at fds 10 and 11, then runs {@code script} with RUN_WAIT. */
  private Plan runWaitPlan(String script, int timeout) {
    return new PlanBuilder()
        .open(Linux.AT_FDCWD, tmp.resolve("in").toString(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0, 10)
        .open(Linux.AT_FDCWD, tmp.resolve("err").toString(),
            Linux.O_WRONLY | Linux.O_CREAT | Linux.O_CLOEXEC, 0600, 11)
        .runWait(10, 11, "/bin/sh", List.of("hook", "-c", script), List.of("X=y"), timeout)
        .note("hooks.startContainer[0]")
        .runWait(10, 11, "/bin/sh", List.of("hook", "-c", script), List.of("X=y"), timeout)
        .exec("/bin/sh", List.of("sh", "-c", "echo ran"), ENV)
        .build();
  }

  @Test
  void runWaitRunsAProgramToItsEndWithItsStdinAndNothingElseOpen() throws Exception {
    Files.writeString(tmp.resolve("in"), "{\"state\":1}");
    Path out = tmp.resolve("out");
    String script = "cat >> " + out + "; echo \" $0 $X\" >> " + out + "; ls /proc/self/fd >> " + out
        + "; echo noise >&2";
    HelperProcess p = launcher.launch(runWaitPlan(script, 0));
    assertThat(out(p)).isEqualTo("ran\n");
    // twice, each time from the start of stdin; ls sees 0-2 and its own directory fd (3)
    String once = "{\"state\":1} hook y\n0\n1\n2\n3\n";
    assertThat(Files.readString(out)).isEqualTo(once + once);
    assertThat(Files.readString(tmp.resolve("err"))).isEqualTo("noise\n"); // truncated each time
  }

  @Test
  void runWaitFailsWithTheProgramsStatus() throws Exception {
    Files.writeString(tmp.resolve("in"), "");
    Plan plan = runWaitPlan("echo first >&2; echo second >&2; exit 3", 0);
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOfSatisfying(PlanStepException.class, e -> {
          assertThat(e.stepIndex()).isEqualTo(2);
          assertThat(e.errno()).isEqualTo(-(3 << 8) - 1);
        })
        .hasMessage("hooks.startContainer[0] (/bin/sh): exited with status 3 (plan step 2)");
    assertThat(Files.readString(tmp.resolve("err"))).isEqualTo("first\nsecond\n");
  }

  @Test
  void runWaitKillsAProgramThatOutlivesItsTimeout() throws Exception {
    Files.writeString(tmp.resolve("in"), "");
    long t0 = System.nanoTime();
    Plan plan = runWaitPlan("exec sleep 30", 1);
    assertThatThrownBy(() -> launcher.launch(plan))
        .isInstanceOfSatisfying(PlanStepException.class,
            e -> assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT))
        .hasMessage("hooks.startContainer[0] (/bin/sh): timed out after 1 s (plan step 2)");
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void runWaitReportsAProgramThatCannotBeExecuted() throws Exception {
    Plan plan = new PlanBuilder()
        .runWait(-1, -1, "/no/such/hook", List.of("hook"), List.of(), 0)
        .exec("/bin/true", List.of("true"), ENV)
        .build();
    assertThatThrownBy(() -> launcher.launch(plan))
        .hasMessage("run \"/no/such/hook\": cannot run it: No such file or directory (plan step 0)");
  }

  @Test
  void syncTellsTheRuntimeWhereThePlanWaits() throws Exception {
    Path marker = tmp.resolve("marker");
    List<String> seen = new java.util.ArrayList<>();
    Plan plan = new PlanBuilder()
        .writeFileAt(Linux.AT_FDCWD, marker.toString(), O_CREAT | O_TRUNC, 0644, "1".getBytes())
        .sync()
        .writeFileAt(Linux.AT_FDCWD, marker.toString(), O_CREAT | O_TRUNC, 0644, "2".getBytes())
        .sync()
        .exec("/bin/sh", List.of("sh", "-c", "echo $$"), ENV)
        .build();
    HelperLauncher.ChildHook hook = new HelperLauncher.ChildHook() {
      @Override
      public void beforeContinue(long childPid) {
        seen.add("wait");
      }

      @Override
      public void atSync(long pid, int step) throws java.io.IOException {
        seen.add("sync " + step + " " + Files.readString(marker) + " " + pid);
      }
    };
    HelperProcess p = launcher.launch(plan, HelperLauncher.Stdio.pipes(), hook);
    String pid = out(p).trim();
    assertThat(seen).containsExactly("sync 1 1 " + pid, "sync 3 2 " + pid);
  }

  @Test
  void aSyncHookThatFailsAbortsTheLaunch() throws Exception {
    Path marker = tmp.resolve("marker");
    Plan plan = new PlanBuilder()
        .sync()
        .writeFileAt(Linux.AT_FDCWD, marker.toString(), O_CREAT | O_TRUNC, 0644, "x".getBytes())
        .exec("/bin/true", List.of("true"), ENV)
        .build();
    HelperLauncher.ChildHook hook = new HelperLauncher.ChildHook() {
      @Override
      public void beforeContinue(long childPid) {}

      @Override
      public void atSync(long pid, int step) throws java.io.IOException {
        throw new java.io.IOException("no, thanks");
      }
    };
    assertThatThrownBy(() -> launcher.launch(plan, HelperLauncher.Stdio.pipes(), hook))
        .hasMessage("no, thanks");
    assertThat(marker).doesNotExist();
  }

  @Test
  void theHelperValidatesTheWholePlanBeforeRunningAnyOfIt() throws Exception {
    Path marker = tmp.resolve("marker");
    Plan plan = new PlanBuilder()
        .writeFileAt(Linux.AT_FDCWD, marker.toString(), O_CREAT, 0644, new byte[] {'x'})
        .sethostname("abc")
        .exec("/bin/true", List.of("true"), ENV)
        .build();
    byte[] bytes = plan.encode();
    int hostnameStep = PlanEncoder.HEADER_SIZE + PlanEncoder.STEP_HEADER_SIZE
        + (int) littleEndian(bytes, PlanEncoder.HEADER_SIZE + 4);
    byte[] noNul = bytes.clone(); // the string "abc" loses its NUL
    noNul[hostnameStep + PlanEncoder.STEP_HEADER_SIZE + 4 + 3] = 'd';
    assertThatThrownBy(() -> launcher.launch(plan, noNul, HelperLauncher.Stdio.pipes(), null))
        .isInstanceOfSatisfying(PlanStepException.class, e -> {
          assertThat(e.stepIndex()).isEqualTo(1);
          assertThat(e.errno()).isEqualTo(Errno.EBADMSG);
          assertThat(e.exitStatus()).isEqualTo(121); // JR_EXIT_PLAN
        });
    assertThat(marker).doesNotExist();

    byte[] badOp = bytes.clone();
    badOp[hostnameStep] = 99;
    assertThatThrownBy(() -> launcher.launch(plan, badOp, HelperLauncher.Stdio.pipes(), null))
        .hasMessage("sethostname \"abc\": Bad message (plan step 1)");

    byte[] badVersion = bytes.clone();
    badVersion[4] = 9;
    assertThatThrownBy(() -> launcher.launch(plan, badVersion, HelperLauncher.Stdio.pipes(), null))
        .hasMessage("the helper could not read its plan: Protocol not supported");

    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1); // header still says more
    assertThatThrownBy(() -> launcher.launch(plan, truncated, HelperLauncher.Stdio.pipes(), null))
        .hasMessage("the helper could not read its plan: Bad message");
    assertThat(marker).doesNotExist();
  }

  @Test
  void aChildWaitingAtItsFifoBeforeItsParentReportsItsPidIsStillTheChild() throws Exception {
    // The cloned child and its parent share the status channel: a child that reaches WAIT_FIFO
    // at once can report WAITING before the parent reports PID. A stand-in helper (a script)
    // writes the records in that order, then waits until it is killed.
    String script = "#!/bin/sh\nprintf '" + record(StatusChannel.READY, Plan.VERSION, 1)
        + record(StatusChannel.WAITING, 1, 0) + record(StatusChannel.PID, 0, 4242) + "' >&4\n"
        + "exec 4>&- 3<&-\nexec sleep 30\n";
    byte[] image = script.getBytes(StandardCharsets.US_ASCII);
    HelperLauncher fake = new HelperLauncher(Helper.seal(image, Helper.sha256(image)));
    Plan plan = new PlanBuilder()
        .clone(0)
        .waitFifo(tmp.resolve("exec.fifo").toString())
        .exec("/bin/true", List.of("true"), ENV)
        .build();
    HelperProcess created = fake.launch(plan, HelperLauncher.Stdio.pipes(), null);
    try {
      assertThat(created.childPid()).isEqualTo(4242);
      assertThat(created.waitingAtFifo()).isTrue();
    } finally {
      created.process().destroyForcibly();
      created.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A status record as printf escapes: three little-endian ints. */
  private static String record(int kind, int step, int value) {
    StringBuilder sb = new StringBuilder();
    for (int v : new int[] {kind, step, value}) {
      for (int i = 0; i < 4; i++) {
        sb.append(String.format("\\%03o", (v >>> (8 * i)) & 0xff));
      }
    }
    return sb.toString();
  }

  private static long littleEndian(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16
        | (long) (b[at + 3] & 0xff) << 24;
  }
}
