package io.jrunc.internal.linux.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.internal.linux.ExitStatus;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runners, without privileges: the runtime-namespace one runs hooks; plans are read. */
class SpawnedHooksTest {
  @TempDir Path tmp;

  static Spec.Hooks.Hook sh(String script, Integer timeout, String... env) {
    return Spec.Hooks.Hook.builder().path("/bin/sh").args(List.of("my-hook", "-c", script))
        .env(List.of(env)).timeout(timeout).build();
  }

  @Test
  void aHookGetsTheStateOnStdinItsArgsAndExactlyItsEnvironment() throws Exception {
    Path out = tmp.resolve("out");
    HookOutcome o = SpawnedHooks.runtimeNamespace().run(
        sh("cat > " + out + "; echo \" $0 $A\" >> " + out + "; env | grep -v '^PWD=' | sort >> " + out
            + "; echo to-stdout", 5, "A=1", "B=two"),
        "{\"id\":\"c1\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(o.succeeded()).isTrue();
    assertThat(Files.readString(out)).isEqualTo("{\"id\":\"c1\"} my-hook 1\nA=1\nB=two\n");
  }

  @Test
  void aFailureKeepsItsStatusAndStderr() throws Exception {
    HookOutcome o = SpawnedHooks.runtimeNamespace().run(sh("echo bad >&2; exit 3", null), new byte[0]);
    assertThat(o.succeeded()).isFalse();
    assertThat(o.status()).isEqualTo(ExitStatus.exited(3));
    assertThat(o.firstStderrLine()).isEqualTo("bad");
    assertThat(LifecycleHooks.reason(sh("", null), o)).isEqualTo("exited with status 3: bad");
  }

  @Test
  void aHookThatIgnoresItsStdinDoesNotBlock() throws Exception {
    byte[] big = new byte[1 << 20]; // more than a pipe holds
    HookOutcome o = SpawnedHooks.runtimeNamespace().run(sh("exit 0", 5), big);
    assertThat(o.succeeded()).isTrue();
  }

  @Test
  void aHookIsKilledAtItsTimeout() throws Exception {
    long t0 = System.nanoTime();
    HookOutcome o = SpawnedHooks.runtimeNamespace().run(sh("echo waiting >&2; exec sleep 30", 1), new byte[0]);
    assertThat(o.timedOut()).isTrue();
    assertThat(o.stderr()).isEqualTo("waiting\n");
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void aHookThatCannotRunSaysWhy() {
    Spec.Hooks.Hook h = Spec.Hooks.Hook.builder().path(tmp.resolve("missing").toString()).build();
    assertThatThrownBy(() -> SpawnedHooks.runtimeNamespace().run(h, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No such file or directory");
  }

  @Test
  void theNamespacePlanOpensFirstJoinsUserLastAndClonesIntoThePidNamespace() {
    Spec.Hooks.Hook h = Spec.Hooks.Hook.builder().path("/usr/bin/hook").env(List.of("A=1")).build();
    Plan plan = SpawnedHooks.namespacePlan(42, h, List.of("user", "mnt", "pid", "net"), false);
    assertThat(plan.describe()).isEqualTo(String.join("\n",
        " 0  open \"/proc/42/ns/net\" O_CLOEXEC 0000 as fd 10",
        " 1  open \"/proc/42/ns/pid\" O_CLOEXEC 0000 as fd 11",
        " 2  open \"/proc/42/ns/mnt\" O_CLOEXEC 0000 as fd 12",
        " 3  open \"/proc/42/ns/user\" O_CLOEXEC 0000 as fd 13",
        " 4  setns fd 10 (\"/proc/42/ns/net\") CLONE_NEWNET",
        " 5  close fd 10",
        " 6  setns fd 11 (\"/proc/42/ns/pid\") CLONE_NEWPID",
        " 7  close fd 11",
        " 8  setns fd 12 (\"/proc/42/ns/mnt\") CLONE_NEWNS",
        " 9  close fd 12",
        "10  setns fd 13 (\"/proc/42/ns/user\") CLONE_NEWUSER",
        "11  close fd 13",
        "12  setresgid 0 0 0",
        "13  setresuid 0 0 0",
        "14  clone 0, parent waits and exits with its status",
        "15  prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)",
        "16  exec \"/usr/bin/hook\" argv [\"/usr/bin/hook\"] env [\"A=1\"]",
        ""));
    // A rootless runtime joins the user namespace first: it owns the others.
    Plan rootless = SpawnedHooks.namespacePlan(42, h, List.of("user", "mnt", "net"), true);
    assertThat(rootless.steps().stream().filter(st -> st.op() == io.jrunc.internal.linux.plan.PlanOp.SETNS)
        .map(st -> st.describe()).toList()).containsExactly(
        "setns fd 10 (\"/proc/42/ns/user\") CLONE_NEWUSER",
        "setns fd 11 (\"/proc/42/ns/net\") CLONE_NEWNET",
        "setns fd 12 (\"/proc/42/ns/mnt\") CLONE_NEWNS");
  }

  @Test
  void onlyTheNamespacesThatDifferAreJoined() throws Exception {
    assertThat(SpawnedHooks.differingNamespaces(ProcessHandle.current().pid())).isEmpty();
  }
}
