package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The walkthrough's commands through the real launcher, as a user or an engine runs them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LifecycleCliIT {

  @TempDir static Path work;
  static Path bundle;
  static Path root;

  record Result(int status, String out, String err) { }

  @BeforeAll
  static void bundle() throws IOException {
    // As a user who is not root, the bundle is what `jrunc spec --rootless` writes.
    bundle = work.resolve("bundle");
    RootfsExtractor.builder().build().extract(Path.of(System.getProperty("jrunc.busybox.tar")), bundle.resolve("rootfs"));
    root = work.resolve("state");
  }

  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  static Result jrunc(String... args) throws Exception {
    return jrunc(bundle, args);
  }

  static Result jrunc(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("jrunc.launcher"), "--root", root.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jrunc %s finished", List.of(args)).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * True once the process is gone or a zombie: a container made by create is no child of jrunc's
   * but an orphan, which the caller's subreaper (here: whoever is pid 1) reaps when it will.
   */
  static boolean exited(long pid) throws IOException {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (java.nio.file.NoSuchFileException e) {
      return true;
    }
  }

  static void config(String... args) throws IOException {
    Spec d = isRoot() ? Spec.defaults() : Spec.rootlessDefaults();
    d.toBuilder().process(d.process().toBuilder().terminal(false).args(List.of(args)).build())
        .build().write(bundle.resolve("config.json"));
  }

  @Test
  void runExitsWithTheContainersStatus() throws Exception {
    config("sh", "-c", "echo pid $$ on $(hostname); exit 3");
    Result r = jrunc("run", "busybox2");
    assertThat(r.out()).isEqualTo("pid 1 on runc\n");
    assertThat(r.status()).as(r.err()).isEqualTo(3);
    assertThat(root.resolve("busybox2")).doesNotExist();
  }

  @Test
  void dryRunPrintsThePlanAndRunsNothing() throws Exception {
    config("true");
    Result r = jrunc("run", "--dry-run", "planned");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("pivot_root", "mount \"proc\" on \"/proc\"", "exec \"true\"");
    assertThat(root.resolve("planned")).doesNotExist();
  }

  @Test
  void createStartStateKillDelete() throws Exception {
    config("sleep", "100");
    Path pidFile = work.resolve("pid");
    Result created = jrunc("create", "--pid-file", pidFile.toString(), "c1");
    assertThat(created.status()).as(created.err()).isZero();
    State s = State.parse(jrunc("state", "c1").out());
    assertThat(s.status()).isEqualTo(State.CREATED);
    assertThat(s.bundle()).isEqualTo(bundle.toString());
    assertThat(Files.readString(pidFile, StandardCharsets.US_ASCII)).isEqualTo(Integer.toString(s.pid()));
    assertThat(jrunc("list", "-q").out()).isEqualTo("c1\n");
    assertThat(jrunc("list", "-f", "json").out()).isEqualTo("[{\"ociVersion\":\"1.0.2-dev\",\"id\":\"c1\","
        + "\"status\":\"created\",\"pid\":" + s.pid() + ",\"bundle\":\"" + bundle + "\"}]\n");

    assertThat(jrunc("start", "c1").status()).isZero();
    assertThat(State.parse(jrunc("state", "c1").out()).status()).isEqualTo(State.RUNNING);
    assertThat(Files.readString(Path.of("/proc/" + s.pid() + "/cmdline"))).startsWith("sleep");

    Result refused = jrunc("delete", "c1");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err()).contains("not stopped");

    assertThat(jrunc("kill", "c1", "KILL").status()).isZero();
    for (int i = 0; i < 100 && !State.STOPPED.equals(State.parse(jrunc("state", "c1").out()).status()); i++) {
      Thread.sleep(50);
    }
    assertThat(State.parse(jrunc("state", "c1").out()).status()).isEqualTo(State.STOPPED);
    assertThat(jrunc("delete", "c1").status()).isZero();
    assertThat(root.resolve("c1")).doesNotExist();
    assertThat(exited(s.pid())).isTrue();
    Result gone = jrunc("state", "c1");
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.err()).contains("container \"c1\" does not exist");
  }

  @Test
  void deleteForceKillsARunningContainer() throws Exception {
    config("sleep", "100");
    assertThat(jrunc("run", "-d", "d1").status()).isZero();
    int pid = State.parse(jrunc("state", "d1").out()).pid();
    assertThat(jrunc("delete", "-f", "d1").status()).isZero();
    assertThat(root.resolve("d1")).doesNotExist();
    assertThat(exited(pid)).isTrue();
  }

  @Test
  void badInputIsAClearError() throws Exception {
    config("true");
    Result badId = jrunc("run", "../evil");
    assertThat(badId.status()).isEqualTo(1);
    assertThat(badId.err()).contains("invalid container id \"../evil\"");
    Result badSignal = jrunc("kill", "nothere", "SIGNOPE");
    assertThat(badSignal.status()).isEqualTo(1);
    config("/bin/nope");
    Result missing = jrunc("run", "m1");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("exec \"/bin/nope\": no such file or directory");
    assertThat(root.resolve("m1")).doesNotExist();
  }

  @Test
  void theWalkthroughWithASpecForUsersWhoAreNotRoot() throws Exception {
    // What a user who is not root does (and root may do too): extract, `jrunc spec --rootless`,
    // run. Root in the container is the caller; the map says so.
    Path dir = Files.createDirectory(work.resolve("rootless"));
    assertThat(jrunc(dir, "extract", System.getProperty("jrunc.busybox.tar"), "rootfs").status()).isZero();
    Result spec = jrunc(dir, "spec", "--rootless");
    assertThat(spec.status()).as(spec.err()).isZero();
    Spec s = Spec.read(dir.resolve("config.json"));
    s.toBuilder().process(s.process().toBuilder().terminal(false).args(List.of("sh", "-c",
        "id -u; cat /proc/self/uid_map; hostname; echo $$")).build())
        .build().write(dir.resolve("config.json"));
    Result run = jrunc(dir, "run", "rootless1");
    assertThat(run.status()).as(run.err()).isZero();
    long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    assertThat(run.out().replaceAll("[ \t]+", " ").replaceAll("(?m)^ ", ""))
        .isEqualTo("0\n0 " + uid + " 1\nrunc\n1\n");
    assertThat(root.resolve("rootless1")).doesNotExist();
  }

  @Test
  void aSpecWithoutAUserNamespaceRunsForAUserInRootlessMode() throws Exception {
    // `jrunc spec` without --rootless: as root, the host's ids; as a user, the runtime (through
    // the builder) adds a user namespace in which root is the user.
    Path dir = Files.createDirectory(work.resolve("plain"));
    Spec d = Spec.defaults();
    d.toBuilder().root(Spec.Root.of(bundle.resolve("rootfs").toString(), true))
        .process(d.process().toBuilder().terminal(false)
            .args(List.of("sh", "-c", "id -u; head -1 /proc/self/uid_map")).build())
        .build().write(dir.resolve("config.json"));
    Result r = jrunc(dir, "run", "plain1");
    assertThat(r.status()).as(r.err()).isZero();
    long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    assertThat(r.out().replaceAll("[ \t]+", " ").replaceAll("(?m)^ ", ""))
        .isEqualTo("0\n0 " + uid + " " + (uid == 0 ? "4294967295" : "1") + "\n");
    assertThat(root.resolve("plain1")).doesNotExist();
  }
}
