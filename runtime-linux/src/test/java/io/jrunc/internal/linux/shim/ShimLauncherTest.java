package io.jrunc.internal.linux.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.helper.HelperLauncher.Stdio;
import io.jrunc.internal.linux.helper.PlanStepException;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import io.jrunc.internal.linux.plan.PlanOp;
import io.jrunc.internal.linux.plan.Step;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim with plans that need no privileges (no namespaces: the init is a plain child of the
 * shim): exit statuses, the exit file, the lifeline, cleanup, detaching and re-attaching,
 * adopting orphans. ShimIT does the same with real containers.
 */
class ShimLauncherTest {
  private static final List<String> ENV = List.of("PATH=/usr/bin:/bin");
  private static ShimLauncher launcher;

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws Exception {
    launcher = ShimLauncher.create();
  }

  static Plan sh(String script) {
    return new PlanBuilder().exec("/bin/sh", List.of("sh", "-c", script), ENV).build();
  }

  /** True if pid names a live process (a zombie counts as dead). */
  static boolean alive(long pid) throws Exception {
    Path status = Path.of("/proc/" + pid + "/status");
    try {
      return Files.readAllLines(status).stream().noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
    } catch (java.io.IOException e) { // no such file, or ESRCH while reading it
      return false;
    }
  }

  static void awaitGone(long pid, long millis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (alive(pid) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(alive(pid)).as("process %d is gone", pid).isFalse();
  }

  @Test
  void theShimPlanWrapsTheContainersPlan() {
    Plan plan = new PlanBuilder()
        .setns("/proc/1/ns/net", (int) Linux.CLONE_NEWNET)
        .clone(Linux.CLONE_NEWPID | Linux.CLONE_NEWNS, 9, false)
        .sethostname("box")
        .exec("/bin/true", List.of("true"), ENV)
        .build();
    Step rmdir = new PlanBuilder().unlink("/sys/fs/cgroup/pids/box", Linux.AT_REMOVEDIR).build().step(0);
    Plan full = ShimLauncher.shimPlan(plan, ShimOptions.defaults().stateDir(Path.of("/run/jrunc/box"))
        .cleanup(List.of(rmdir)));
    assertThat(full.steps().stream().map(Step::op)).containsExactly(PlanOp.SETSID, PlanOp.PRCTL,
        PlanOp.SETNS, PlanOp.SHIM, PlanOp.UNLINK, PlanOp.REMOVE_TREE, PlanOp.PRCTL,
        PlanOp.SETHOSTNAME, PlanOp.EXEC);
    assertThat(full.describe()).isEqualTo(String.join("\n",
        "0  setsid (EPERM is fine)",
        "1  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)",
        "2  setns \"/proc/1/ns/net\" CLONE_NEWNET",
        "3  shim: clone CLONE_NEWNS|CLONE_NEWPID into cgroup fd 9, lifeline fd 5, exit records to fd 6,"
            + " exit file \"/run/jrunc/box/exit\" via \"/run/jrunc/box/exit.tmp\", kills the init when"
            + " the lifeline ends; the next 2 steps are its cleanup",
        "4  rmdir \"/sys/fs/cgroup/pids/box\"",
        "5  remove tree \"/run/jrunc/box\" (no symlinks, no mounts)",
        "6  prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)",
        "7  sethostname \"box\"",
        "8  exec \"/bin/true\" argv [\"true\"] env [\"PATH=/usr/bin:/bin\"]",
        ""));
    Plan detached = ShimLauncher.shimPlan(plan, ShimOptions.defaults().detached(true));
    assertThat(detached.steps().stream().map(Step::op)).containsExactly(PlanOp.SETSID, PlanOp.PRCTL,
        PlanOp.SETNS, PlanOp.SHIM, PlanOp.SETHOSTNAME, PlanOp.EXEC);
    assertThat(detached.step(3).num(4)).isEqualTo(1);
    assertThat(detached.step(3).str(6)).isNull();
    assertThatThrownBy(() -> ShimLauncher.shimPlan(plan, ShimOptions.defaults()
        .cleanup(List.of(new PlanBuilder().waitParent().build().step(0)))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theShimConstantsAgreeWithPlanH() throws Exception {
    String h = Files.readString(Path.of(System.getProperty("basedir", "."), "src/main/c/plan.h"));
    assertThat(h).containsPattern("#define JR_REC_EXIT " + ShimLauncher.REC_EXIT + "\\b")
        .containsPattern("#define JR_REC_ERROR " + ShimLauncher.REC_ERROR + "\\b")
        .containsPattern("#define JR_SHIM_DETACHED 1\\b")
        .containsPattern("#define JR_SHIM_KILL '" + (char) ShimLauncher.KILL + "'")
        .containsPattern("#define JR_SHIM_DETACH '" + (char) ShimLauncher.DETACH + "'");
  }

  @Test
  void theHelperRejectsAMalformedShimStep() throws Exception {
    io.jrunc.internal.linux.helper.HelperLauncher helper =
        io.jrunc.internal.linux.helper.HelperLauncher.create();
    int[] lifeline = new int[2];
    int[] exit = new int[2];
    io.jrunc.internal.linux.LibC.pipe2(lifeline, Linux.O_CLOEXEC);
    io.jrunc.internal.linux.LibC.pipe2(exit, Linux.O_CLOEXEC);
    try {
      for (Plan bad : List.of(
          // a cleanup section longer than what follows
          new PlanBuilder().shim(0, -1, 5, 6, false, 2, null, null).exec("/bin/true", List.of("true"), ENV)
              .build(),
          // the lifeline on a stdio fd
          new PlanBuilder().shim(0, -1, 1, 6, false, 0, null, null).exec("/bin/true", List.of("true"), ENV)
              .build(),
          // two shims
          new PlanBuilder().shim(0, -1, 5, 6, false, 0, null, null).shim(0, -1, 5, 6, false, 0, null, null)
              .exec("/bin/true", List.of("true"), ENV).build())) {
        int step = bad.step(1).op() == PlanOp.SHIM ? 1 : 0;
        assertThatThrownBy(() -> helper.launch(bad, bad.encode(), Stdio.pipes(), null,
            new int[] {lifeline[0], exit[1]}, p -> p.destroyForcibly()))
            .isInstanceOfSatisfying(PlanStepException.class, e -> {
              assertThat(e.errnoName()).isEqualTo("EBADMSG");
              assertThat(e.stepIndex()).isEqualTo(step);
              assertThat(e.exitStatus()).isEqualTo(121); // JR_EXIT_PLAN: nothing was run
            });
      }
    } finally {
      for (int fd : new int[] {lifeline[0], lifeline[1], exit[0], exit[1]}) {
        io.jrunc.internal.linux.LibC.closeQuietly(fd);
      }
    }
  }

  @Test
  void exitCodeAndExitFile() throws Exception {
    Path state = tmp.resolve("c1");
    try (ShimHandle c = launcher.start(sh("exit 3"), ShimOptions.defaults().stateDir(state))) {
      assertThat(c.shimPid()).isNotEqualTo(c.initPid());
      ExitStatus s = c.onExit().get(10, TimeUnit.SECONDS);
      assertThat(s).isEqualTo(ExitStatus.exited(3));
      assertThat(Files.readString(state.resolve("exit"))).isEqualTo((3 << 8) + "\n");
      assertThat(ShimState.readExit(state)).isEqualTo(s);
      assertThat(state.resolve("exit.tmp")).doesNotExist();
      ShimState st = ShimState.read(state);
      assertThat(st.shimPid()).isEqualTo(c.shimPid());
      assertThat(st.initPid()).isEqualTo(c.initPid());
      assertThat(st.detached()).isFalse();
      assertThat(alive(c.shimPid())).as("the shim waits to be let go").isTrue();
      assertThat(Files.readString(Path.of("/proc/" + c.shimPid() + "/comm")).trim()).isEqualTo("jrunc-shim");
      assertThat(c.signal(Linux.SIGTERM)).as("no signal after the exit").isFalse();
      long shim = c.shimPid();
      c.close();
      awaitGone(shim, 0); // close() waited for it, and it was reaped
      assertThat(state).doesNotExist();
      assertThat(c.shimErrors()).isEmpty();
    }
  }

  @Test
  void killedBySignal() throws Exception {
    try (ShimHandle c = launcher.start(sh("exec sleep 1000"), ShimOptions.defaults())) {
      assertThat(c.signal(Linux.SIGKILL)).isTrue();
      ExitStatus s = c.onExit().get(10, TimeUnit.SECONDS);
      assertThat(s.signal()).isEqualTo(9);
      assertThat(s.exitValue()).isEqualTo(137);
      assertThat(c.asProcess().exitValue()).isEqualTo(137);
    }
  }

  @Test
  void lettingGoKillsTheInitAndRunsTheCleanup() throws Exception {
    Path state = tmp.resolve("c2");
    Path marker = Files.createDirectories(tmp.resolve("cgroup-stand-in"));
    Step rmdir = new PlanBuilder().unlink(marker.toString(), Linux.AT_REMOVEDIR).build().step(0);
    ShimHandle c = launcher.start(sh("exec sleep 1000"),
        ShimOptions.defaults().stateDir(state).cleanup(List.of(rmdir)));
    long init = c.initPid();
    assertThat(alive(init)).isTrue();
    c.close();
    assertThat(alive(init)).isFalse();
    assertThat(c.exitStatusNow()).isEqualTo(ExitStatus.killed(9, false));
    assertThat(marker).doesNotExist();
    assertThat(state).doesNotExist();
  }

  @Test
  void cleanupFollowsNoSymlinksAndGoesOnAfterAFailure() throws Exception {
    Path state = Files.createDirectories(tmp.resolve("c3"));
    Path outside = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(outside.resolve("keep"), "x");
    Files.createSymbolicLink(state.resolve("link"), outside);
    Files.createDirectories(state.resolve("a/b/c"));
    Files.writeString(state.resolve("a/b/c/file"), "y");
    Files.createSymbolicLink(state.resolve("a/b/dangling"), Path.of("/nonexistent"));
    Step failing = new PlanBuilder().unlink(tmp.resolve("not-there").toString(), 0).build().step(0);
    ShimHandle c = launcher.start(sh("exit 0"), ShimOptions.defaults().stateDir(state)
        .cleanup(List.of(failing)));
    c.onExit().get(10, TimeUnit.SECONDS);
    c.close();
    assertThat(state).doesNotExist();
    assertThat(outside.resolve("keep")).hasContent("x");
    assertThat(c.shimErrors()).singleElement().asString()
        .isEqualTo("unlink \"" + tmp.resolve("not-there") + "\": No such file or directory (plan step 3)");
  }

  @Test
  void aStateDirReachedThroughASymlinkIsRemoved() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    ShimHandle c = launcher.start(sh("exit 0"), ShimOptions.defaults().stateDir(link.resolve("c8")));
    c.onExit().get(10, TimeUnit.SECONDS);
    assertThat(real.resolve("c8/exit")).exists();
    c.close();
    assertThat(real.resolve("c8")).doesNotExist();
    assertThat(link).isSymbolicLink();
    assertThat(c.shimErrors()).isEmpty();
  }

  @Test
  void anAttachedHandleWhoseShimDiedWaitsForTheInit() throws Exception {
    Path state = tmp.resolve("c9");
    ShimHandle c = launcher.start(sh("exec sleep 1000"), ShimOptions.defaults().detached(true)
        .stateDir(state).stdio(new Stdio(ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.DISCARD,
            ProcessBuilder.Redirect.DISCARD)));
    c.close();
    io.jrunc.internal.linux.LibC.kill((int) c.shimPid(), Linux.SIGKILL); // (ours to kill: our child)
    awaitGone(c.shimPid(), 5000);
    assertThat(c.onExit()).failsWithin(10, TimeUnit.SECONDS); // it could not tell
    ShimHandle again = ShimHandle.attach(state);
    Thread.sleep(50);
    assertThat(again.exited()).as("the init runs on without its shim").isFalse();
    assertThat(again.signal(Linux.SIGKILL)).isTrue();
    assertThat(again.onExit()).failsWithin(10, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("left no exit status");
    again.destroy();
    assertThat(state).doesNotExist();
  }

  @Test
  void stdioRoundTrip() throws Exception {
    try (ShimHandle c = launcher.start(sh("cat; echo done >&2"), ShimOptions.defaults())) {
      c.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
      c.stdin().close();
      // end of file on stdout while the shim still runs: the shim keeps no copy of the pipes
      assertThat(new String(c.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
      assertThat(new String(c.stderr().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("done\n");
      assertThat(c.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
    }
  }

  @Test
  void aFailedStepIsReportedAndTheShimCleansUp() throws Exception {
    Path state = tmp.resolve("c4");
    long children = ProcessHandle.current().children().count();
    Plan plan = new PlanBuilder().exec("/nonexistent", List.of("x"), ENV).build();
    assertThatThrownBy(() -> launcher.start(plan, ShimOptions.defaults().stateDir(state)))
        .isInstanceOf(PlanStepException.class)
        .hasMessage("exec \"/nonexistent\": no such file or directory (plan step 5)");
    assertThat(state).doesNotExist();
    assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
  }

  @Test
  void theShimAdoptsAndReapsOrphans() throws Exception {
    // The init starts a child that starts a grandchild and exits: the grandchild is orphaned
    // and, with no pid namespace here, reparented to the shim, its subreaper.
    Plan plan = sh("sh -c 'sleep 0.3 >/dev/null & echo $!'; sleep 0.8; exit 5");
    try (ShimHandle c = launcher.start(plan, ShimOptions.defaults())) {
      BufferedReader out = new BufferedReader(new InputStreamReader(c.stdout(), StandardCharsets.UTF_8));
      long orphan = Long.parseLong(out.readLine().trim());
      // (its parent sh may still be on its way out when the pid is read)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      while (PidFd.parentPid(orphan) != c.shimPid() && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      assertThat(PidFd.parentPid(orphan)).as("the orphan's parent").isEqualTo(c.shimPid());
      awaitGone(orphan, 2000); // exited and reaped: no zombie left
      assertThat(c.exited()).as("an orphan's exit is not the init's").isFalse();
      assertThat(c.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(5));
    }
  }

  @Test
  void aDetachedContainerOutlivesItsHandleAndCanBeReattached() throws Exception {
    Path state = tmp.resolve("c5");
    ShimHandle c = launcher.start(sh("exec sleep 1000"), ShimOptions.defaults().detached(true)
        .stateDir(state).stdio(new Stdio(ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.DISCARD,
            ProcessBuilder.Redirect.DISCARD)));
    c.close(); // lets go of the lifeline: a detached shim carries on
    Thread.sleep(100);
    assertThat(alive(c.initPid())).isTrue();
    assertThat(alive(c.shimPid())).isTrue();
    assertThat(ShimState.read(state).detached()).isTrue();

    ShimHandle again = ShimHandle.attach(state);
    assertThat(again.attached()).isTrue();
    assertThat(again.initPid()).isEqualTo(c.initPid());
    assertThat(again.shimPid()).isEqualTo(c.shimPid());
    assertThat(again.exited()).isFalse();
    assertThat(again.signal(Linux.SIGKILL)).isTrue();
    assertThat(again.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.killed(9, false));
    again.destroy();
    assertThat(state).doesNotExist();
    awaitGone(c.shimPid(), 5000);
    // the launching handle still learnt the exit (the shim told it before it exited)
    assertThat(c.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.killed(9, false));
  }

  @Test
  void attachingToAFinishedContainerReadsTheExitFile() throws Exception {
    Path state = tmp.resolve("c6");
    ShimHandle c = launcher.start(sh("exit 4"), ShimOptions.defaults().detached(true).stateDir(state));
    c.onExit().get(10, TimeUnit.SECONDS);
    c.close();
    awaitGone(c.shimPid(), 5000);
    ShimHandle again = ShimHandle.attach(state);
    assertThat(again.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(4));
    assertThat(again.signal(Linux.SIGKILL)).isFalse();
    again.destroy();
    assertThat(state).doesNotExist();
  }

  @Test
  void destroyEndsADetachedContainer() throws Exception {
    Path state = tmp.resolve("c7");
    ShimHandle c = launcher.start(sh("exec sleep 1000"), ShimOptions.defaults().detached(true)
        .stateDir(state));
    c.destroy();
    assertThat(alive(c.initPid())).isFalse();
    assertThat(c.exitStatusNow()).isEqualTo(ExitStatus.killed(9, false));
    assertThat(state).doesNotExist();
  }
}
