package io.jrunc.internal.linux.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.Container;
import io.jrunc.ContainerBuilder;
import io.jrunc.ContainerException;
import io.jrunc.rootfs.RootfsExtractor;
import io.jrunc.spec.Linux;
import io.jrunc.spec.Spec;
import io.jrunc.spec.State;
import io.jrunc.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCI hooks on real busybox containers: each hook writes what it got on stdin (and where it ran)
 * to a host directory, which the container also sees at {@code /out}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HooksIT {
  private static final AtomicInteger N = new AtomicInteger();

  @TempDir static Path work;
  static Path rootfs;
  static Path stateRoot;
  static LinuxContainerRuntime runtime;

  Path out;

  @BeforeAll
  static void rootfs() throws IOException {
    // As root, or as a user in the builder's rootless mode.
    rootfs = work.resolve("bundle/rootfs");
    RootfsExtractor.builder().build().extract(Path.of(System.getProperty("jrunc.busybox.tar")), rootfs);
    stateRoot = work.resolve("state");
    runtime = new LinuxContainerRuntime(stateRoot);
  }

  @BeforeEach
  void outDir() throws IOException {
    out = Files.createDirectories(work.resolve("out" + N.incrementAndGet()));
  }

  @AfterEach
  void nothingLeftBehind() throws IOException {
    if (Files.isDirectory(stateRoot)) {
      try (Stream<Path> s = Files.list(stateRoot)) {
        assertThat(s.toList()).as("state directories left behind").isEmpty();
      }
    }
  }

  /** A host hook: /bin/sh -c script (the host's sh). */
  static Spec.Hooks.Hook host(String script, Integer timeout) {
    return Spec.Hooks.Hook.builder().path("/bin/sh").args(List.of("sh", "-c", script))
        .env(List.of("PATH=/usr/bin:/bin")).timeout(timeout).build();
  }

  /** Saves the state from stdin as name.json, and the hook's mount and pid namespaces. */
  String save(String name) {
    Path p = out.resolve(name);
    return "cat > " + p + ".json; readlink /proc/self/ns/mnt > " + p + ".mnt;"
        + " readlink /proc/self/ns/pid > " + p + ".pid";
  }

  ContainerBuilder container(Spec.Hooks hooks, String... args) {
    return Container.builder().runtime(runtime).rootfs(rootfs).args(args)
        .bind(out, "/out", false).hooks(hooks)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
  }

  State state(String name) throws IOException {
    return State.parse(Files.readString(out.resolve(name + ".json")));
  }

  String read(String file) throws IOException {
    return Files.readString(out.resolve(file)).strip();
  }

  static String ns(long pid, String type) throws IOException {
    return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + type)).toString();
  }

  @Test
  void everyHookRunsWhereAndWhenTheSpecSays() throws Exception {
    String rootfsProc = rootfs.resolve("proc").toString();
    Spec.Hooks hooks = Spec.Hooks.builder()
        .prestart(List.of(host(save("prestart") + "; echo prestart >> " + out.resolve("order"), null)))
        .createRuntime(List.of(host(save("createRuntime") + "; echo createRuntime >> " + out.resolve("order"), 10)))
        .createContainer(List.of(host(save("createContainer") + "; echo createContainer >> "
            + out.resolve("order") + "; grep -c ' " + rootfsProc + " ' /proc/self/mountinfo > "
            + out.resolve("createContainer.procmounts"), 10)))
        .startContainer(List.of(Spec.Hooks.Hook.builder().path("/bin/sh")
            .args(List.of("sh", "-c", "cat > /out/startContainer.json; readlink /proc/self/ns/mnt >"
                + " /out/startContainer.mnt; echo $PHASE > /out/startContainer.env;"
                + " test -x /bin/busybox && echo startContainer >> /out/order"))
            .env(List.of("PHASE=start")).build()))
        .poststart(List.of(host(save("poststart") + "; echo poststart >> " + out.resolve("order"), null)))
        .poststop(List.of(host(save("poststop") + "; echo poststop >> " + out.resolve("order"), null)))
        .build();
    String id = "hooks-all";
    Container c = container(hooks, "sh", "-c",
        "test -f /out/startContainer.json && echo yes > /out/program.saw; exec sleep 300")
        .id(id).annotation("org.example", "yes").create();
    long pid = c.process().pid();
    String hostMnt = ns(ProcessHandle.current().pid(), "mnt");
    String initMnt = ns(pid, "mnt");
    assertThat(initMnt).isNotEqualTo(hostMnt);

    // create: prestart, createRuntime (here), createContainer (in the container's namespaces)
    assertThat(read("order")).isEqualTo("prestart\ncreateRuntime\ncreateContainer");
    for (String name : List.of("prestart", "createRuntime", "createContainer")) {
      State s = state(name);
      assertThat(s.status()).as(name).isEqualTo(State.CREATING);
      assertThat(s.id()).as(name).isEqualTo(id);
      assertThat(s.pid()).as(name).isEqualTo((int) pid);
      assertThat(s.bundle()).as(name).isEqualTo(rootfs.getParent().toString());
      assertThat(s.annotations()).as(name).containsEntry("org.example", "yes");
    }
    assertThat(read("prestart.mnt")).isEqualTo(hostMnt);
    assertThat(read("createRuntime.mnt")).isEqualTo(hostMnt);
    assertThat(read("createContainer.mnt")).isEqualTo(initMnt);
    assertThat(read("createContainer.pid")).isEqualTo(ns(pid, "pid"));
    // before pivot_root: the container's /proc is mounted, under the rootfs as the host names it
    assertThat(read("createContainer.procmounts")).isEqualTo("1");
    assertThat(c.state().status()).isEqualTo(State.CREATED);

    // start: startContainer in the container (its sh, its root), then the program, then poststart
    c.start();
    assertThat(read("order")).isEqualTo(
        "prestart\ncreateRuntime\ncreateContainer\nstartContainer\npoststart");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(out.resolve("program.saw")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(read("program.saw")).as("the program saw what startContainer wrote").isEqualTo("yes");
    State started = state("startContainer");
    assertThat(started.status()).isEqualTo(State.CREATED);
    assertThat(started.pid()).isEqualTo((int) pid);
    assertThat(started.id()).isEqualTo(id);
    assertThat(read("startContainer.mnt")).isEqualTo(initMnt);
    assertThat(read("startContainer.env")).isEqualTo("start");
    State running = state("poststart");
    assertThat(running.status()).isEqualTo(State.RUNNING);
    assertThat(running.pid()).isEqualTo((int) pid);
    assertThat(read("poststart.mnt")).isEqualTo(hostMnt);
    assertThat(out.resolve("poststop.json")).doesNotExist();

    // delete: poststop, once the container is gone
    c.kill(9);
    c.process().waitFor();
    c.delete();
    State stopped = state("poststop");
    assertThat(stopped.status()).isEqualTo(State.STOPPED);
    assertThat(stopped.id()).isEqualTo(id);
    assertThat(stopped.pid()).isNull();
    assertThat(read("poststop.mnt")).isEqualTo(hostMnt);
    assertThat(read("order")).endsWith("poststart\npoststop");
    assertThat(stateRoot.resolve(id)).doesNotExist();
  }

  @Test
  void aFailingCreateRuntimeHookFailsTheCreateAndLeavesNothing() throws Exception {
    Spec.Hooks hooks = Spec.Hooks.builder()
        .prestart(List.of(host(save("prestart"), null)))
        .createRuntime(List.of(host("echo; echo 'it broke' >&2; echo more >&2; exit 3", null)))
        .createContainer(List.of(host(save("createContainer"), null)))
        .poststop(List.of(host(save("poststop"), null)))
        .build();
    assertThatThrownBy(() -> container(hooks, "true").id("hooks-fail").create())
        .isInstanceOf(ContainerException.class)
        .hasMessage("hooks.createRuntime[0] (/bin/sh): exited with status 3: it broke");
    assertThat(stateRoot.resolve("hooks-fail")).doesNotExist();
    int pid = state("prestart").pid();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the init").isEmpty();
    assertThat(out.resolve("createContainer.json")).doesNotExist();
    // runtime.md: after a failed create hook the lifecycle goes on with the poststop hooks
    assertThat(state("poststop").status()).isEqualTo(State.STOPPED);
  }

  @Test
  void aCreateContainerHookThatTakesTooLongIsKilled() throws Exception {
    Spec.Hooks hooks = Spec.Hooks.builder()
        .createContainer(List.of(host("echo $$ > " + out.resolve("hook.pid") + "; exec sleep 60", 1)))
        .build();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> container(hooks, "true").id("hooks-slow").create())
        .hasMessage("hooks.createContainer[0] (/bin/sh): timed out after 1 s");
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(stateRoot.resolve("hooks-slow")).doesNotExist();
  }

  @Test
  void aFailingStartContainerHookFailsTheStartAndLeavesNothing() throws Exception {
    Spec.Hooks hooks = Spec.Hooks.builder()
        .startContainer(List.of(Spec.Hooks.Hook.builder().path("/bin/sh")
            .args(List.of("sh", "-c", "echo not ready >&2; exit 4")).build()))
        .poststop(List.of(host(save("poststop"), null)))
        .build();
    Container c = container(hooks, "sh", "-c", "echo ran > /out/program").id("hooks-start").create();
    long pid = c.process().pid();
    assertThatThrownBy(c::start)
        .isInstanceOf(ContainerException.class)
        .hasMessage("hooks.startContainer[0] (/bin/sh): exited with status 4: not ready");
    assertThat(out.resolve("program")).doesNotExist();
    assertThat(stateRoot.resolve("hooks-start")).doesNotExist();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(state("poststop").status()).isEqualTo(State.STOPPED);
    c.close(); // (nothing left to do)
  }

  @Test
  void startContainerHooksKeepTheirTimeoutUnderAFilterThatRefusesPidfdOpen() throws Exception {
    // startContainer hooks run under the container's seccomp filter; one that refuses pidfd_open
    // (runtime-tools' profile does) used to fail every hook with a timeout ("Operation not
    // permitted"). The helper then polls for the hook's end instead.
    Linux.Seccomp noPidfd = Linux.Seccomp.builder().defaultAction("SCMP_ACT_ALLOW")
        .syscalls(List.of(Linux.Seccomp.Syscall.builder().names(List.of("pidfd_open"))
            .action("SCMP_ACT_ERRNO").build()))
        .build();
    Spec.Hooks quick = Spec.Hooks.builder()
        .startContainer(List.of(Spec.Hooks.Hook.builder().path("/bin/sh")
            .args(List.of("sh", "-c", "sleep 0.2; echo hook > /out/hook")).timeout(30).build()))
        .build();
    try (Container c = container(quick, "sh", "-c", "cat /out/hook > /out/program")
        .seccomp(noPidfd).id("hooks-nopidfd").create()) {
      c.start();
      assertThat(c.process().waitFor()).isZero();
      assertThat(read("program")).isEqualTo("hook");
    }
    Spec.Hooks slow = Spec.Hooks.builder()
        .startContainer(List.of(Spec.Hooks.Hook.builder().path("/bin/sh")
            .args(List.of("sh", "-c", "exec sleep 60")).timeout(1).build()))
        .build();
    try (Container c = container(slow, "sh", "-c", "echo ran > /out/slow")
        .seccomp(noPidfd).id("hooks-nopidfd-slow").create()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(c::start)
          .hasMessage("hooks.startContainer[0] (/bin/sh): timed out after 1 s");
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(30));
      assertThat(out.resolve("slow")).doesNotExist();
    }
  }

  @Test
  void aStartContainerHookIsLookedUpInTheContainer() throws Exception {
    Spec.Hooks hooks = Spec.Hooks.builder()
        .startContainer(List.of(Spec.Hooks.Hook.builder().path("/no/such/hook").build()))
        .build();
    try (Container c = container(hooks, "true").id("hooks-missing").create()) {
      assertThatThrownBy(c::start)
          .hasMessage("hooks.startContainer[0] (/no/such/hook): cannot run it: No such file or directory");
    }
  }

  @Test
  void poststartAndPoststopFailuresAreOnlyWarnings() throws Exception {
    Spec.Hooks hooks = Spec.Hooks.builder()
        .poststart(List.of(host("exit 1", null), host(save("poststart"), null)))
        .poststop(List.of(host("exit 2", null), host(save("poststop"), null)))
        .build();
    try (Container c = container(hooks, "true").id("hooks-warn").start()) {
      assertThat(c.process().waitFor()).isZero();
      assertThat(state("poststart").status()).isEqualTo(State.RUNNING);
    } // close() deletes the container
    assertThat(state("poststop").status()).isEqualTo(State.STOPPED);
    assertThat(stateRoot.resolve("hooks-warn")).doesNotExist();
  }
}
