package io.jrunc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrunc.spec.Spec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** runc's global flags, log lines, exec's process, ps's filter and features, without privileges. */
class RuncFlagsTest {
  @TempDir Path tmp;

  record Result(int exit, String out, String err) { }

  static Result jrunc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void globalFlagsAreCheckedBeforeTheCommand() {
    Result format = jrunc("--root", tmp.toString(), "--log-format", "xml", "list");
    assertThat(format.exit()).isEqualTo(1);
    assertThat(format.err()).isEqualTo("jrunc: invalid log format \"xml\": use text or json\n");
    Result rootless = jrunc("--rootless", "maybe", "--root", tmp.toString(), "list");
    assertThat(rootless.err()).contains("invalid --rootless value \"maybe\": use auto, true or false");
    assertThat(jrunc("--rootless", "false", "--root", tmp.toString(), "list", "-q").exit()).isZero();
    Result systemd = jrunc("--systemd-cgroup", "--root", tmp.toString(), "list");
    assertThat(systemd.exit()).isEqualTo(1);
    assertThat(systemd.err()).contains("--systemd-cgroup: the systemd cgroup driver is not supported");
    // spec keeps its own --rootless (a flag, after the command)
    assertThat(jrunc("spec", "--rootless", "--bundle", tmp.toString()).exit()).isZero();
  }

  @Test
  void errorsAreAppendedToTheLogInTextOrJson() throws Exception {
    Path text = tmp.resolve("log.txt");
    assertThat(jrunc("--root", tmp.toString(), "--log", text.toString(), "state", "x").exit()).isEqualTo(1);
    assertThat(Files.readString(text)).matches("time=\"[^\"]+\" level=error msg=\"container \\\\\"x\\\\\" does not exist\"\n");
    assertThat(LogLine.format(true, "error", "a \"b\"\n\tc\u0001", Instant.parse("2026-01-02T03:04:05.123456789Z")))
        .isEqualTo("{\"level\":\"error\",\"msg\":\"a \\\"b\\\"\\n\\tc\\u0001\",\"time\":\"2026-01-02T03:04:05.123456789Z\"}\n");
  }

  static ExecCommand exec(String... args) {
    ExecCommand e = new ExecCommand();
    new CommandLine(e).setStopAtPositional(true).parseArgs(args);
    return e;
  }

  @Test
  void execStartsFromTheContainersProcessAndAppliesTheFlags() throws Exception {
    Spec.Process base = Spec.defaults().process();
    Spec.Process p = exec("-t", "--user", "1000:100", "-g", "5", "-e", "A=1", "--cwd", "/tmp", "--cap", "sys_admin",
        "--no-new-privs", "c1", "sh", "-c", "echo -e").process(base);
    assertThat(p.args()).containsExactly("sh", "-c", "echo -e");
    assertThat(p.terminal()).isTrue();
    assertThat(p.user().uid()).isEqualTo(1000);
    assertThat(p.user().gid()).isEqualTo(100);
    assertThat(p.user().additionalGids()).containsExactly(5L);
    assertThat(p.env()).containsSequence(base.env()).endsWith("A=1");
    assertThat(p.cwd()).isEqualTo("/tmp");
    assertThat(p.capabilities().bounding()).contains("CAP_SYS_ADMIN", "CAP_KILL");
    assertThat(p.capabilities().ambient()).contains("CAP_SYS_ADMIN");
    assertThat(p.noNewPrivileges()).isTrue();
    assertThat(p.rlimits()).isEqualTo(base.rlimits());

    assertThatThrownBy(() -> exec("--user", "bob", "c1", "true").process(base)).hasMessageContaining("UID[:GID]");
    assertThatThrownBy(() -> exec("-e", "NOEQUALS", "c1", "true").process(base)).hasMessageContaining("NAME=VALUE");
    assertThatThrownBy(() -> exec("c1").process(base)).hasMessageContaining("give the command");

    Path file = tmp.resolve("p.json");
    Files.writeString(file, "{\"args\":[\"id\"],\"cwd\":\"/\",\"user\":{\"uid\":7,\"gid\":8}}");
    assertThat(exec("-p", file.toString(), "c1").process(base).user().uid()).isEqualTo(7);
    Files.writeString(file, "{\"args\":[],\"cwd\":\"/\"}");
    assertThatThrownBy(() -> exec("-p", file.toString(), "c1").process(base)).hasMessageContaining("must not be empty");
  }

  @Test
  void psKeepsTheHeaderAndTheContainersLines() {
    List<String> lines = List.of("UID   PID  PPID CMD", "root    1     0 init", "root   42     1 sleep",
        "root  420    42 sh");
    assertThat(PsCommand.filter(lines, Set.of(42L, 7L))).containsExactly("UID   PID  PPID CMD", "root   42     1 sleep");
    assertThatThrownBy(() -> PsCommand.filter(List.of("USER COMMAND"), Set.of())).hasMessageContaining("no PID column");
    assertThat(PsCommand.json(List.of(3L, 4L))).isEqualTo("[3,4]");
  }

  @Test
  void featuresAreAnOciFeaturesDocument() {
    Result r = jrunc("features");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"ociVersionMin\": \"1.0.0\"", "\"ociVersionMax\": \"" + Spec.VERSION + "\"",
        "\"prestart\"", "\"bind\"", "\"CAP_SYS_ADMIN\"", "\"mount\"");
  }

  @Test
  void listenFdsCountOnlyWhenTheyAreForThisProcess() {
    String me = Long.toString(ProcessHandle.current().pid());
    assertThat(ContainerCommands.Create.listenFds(Map.of("LISTEN_FDS", "2", "LISTEN_PID", me))).isEqualTo(2);
    assertThat(ContainerCommands.Create.listenFds(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "1"))).isZero();
    assertThat(ContainerCommands.Create.listenFds(Map.of())).isZero();
  }
}
