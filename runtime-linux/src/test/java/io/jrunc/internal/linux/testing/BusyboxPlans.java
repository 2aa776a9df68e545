package io.jrunc.internal.linux.testing;

import static io.jrunc.internal.linux.Linux.MS_BIND;
import static io.jrunc.internal.linux.Linux.MS_NODEV;
import static io.jrunc.internal.linux.Linux.MS_NOEXEC;
import static io.jrunc.internal.linux.Linux.MS_NOSUID;
import static io.jrunc.internal.linux.Linux.MS_PRIVATE;
import static io.jrunc.internal.linux.Linux.MS_REC;
import static io.jrunc.internal.linux.Linux.MS_STRICTATIME;
import static io.jrunc.internal.linux.Linux.S_IFCHR;

import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.plan.Plan;
import io.jrunc.internal.linux.plan.PlanBuilder;
import java.nio.file.Path;
import java.util.List;

/**
 * Container plans by hand (until the spec compiler writes them): clone into new namespaces, the
 * busybox rootfs bind-mounted with proc and a tmpfs /dev with the usual nodes, pivot, exec.
 */
public final class BusyboxPlans {
  private BusyboxPlans() {}

  public static final long NAMESPACES = Linux.CLONE_NEWPID | Linux.CLONE_NEWNS | Linux.CLONE_NEWUTS
      | Linux.CLONE_NEWIPC | Linux.CLONE_NEWNET;
  public static final List<String> ENV = List.of("PATH=/bin", "HOME=/root");

  /** Everything up to the exec, in the given namespaces. */
  public static PlanBuilder container(Path rootfs, long namespaces, String hostname) {
    return container(rootfs, namespaces, hostname, false);
  }

  /**
   * As {@link #container(Path, long, String)}, with a devpts of its own at /dev/pts if asked
   * (as runc's default spec: newinstance, ptmxmode=0666, mode=0620; /dev/ptmx a symlink to it).
   */
  public static PlanBuilder container(Path rootfs, long namespaces, String hostname, boolean devpts) {
    String r = rootfs.toString();
    PlanBuilder b = new PlanBuilder()
        .clone(namespaces)
        .mount(null, "/", null, MS_REC | MS_PRIVATE, null)
        .mount(r, r, null, MS_BIND | MS_REC, null)
        .mount("proc", r + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, null)
        .mount("tmpfs", r + "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k")
        .umask(0);
    String[][] nodes = {{"null", "1", "3"}, {"zero", "1", "5"}, {"full", "1", "7"},
        {"random", "1", "8"}, {"urandom", "1", "9"}, {"tty", "5", "0"}};
    for (String[] n : nodes) {
      b.mknod(r + "/dev/" + n[0], S_IFCHR | 0666, Integer.parseInt(n[1]), Integer.parseInt(n[2]));
    }
    if (devpts) {
      b.mkdir(r + "/dev/pts", 0755)
          .mount("devpts", r + "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620")
          .symlink("pts/ptmx", r + "/dev/ptmx");
    }
    if ((namespaces & Linux.CLONE_NEWUTS) != 0) {
      b.sethostname(hostname);
    }
    return b.umask(022).pivotRoot(r).closeFdsFrom(3);
  }

  /** {@code sh -c script} as PID 1 in new pid, mount, uts, ipc and net namespaces. */
  public static Plan sh(Path rootfs, String script) {
    return container(rootfs, NAMESPACES, "box").exec("/bin/sh", List.of("sh", "-c", script), ENV).build();
  }

  /** {@code argv} as PID 1 in new pid, mount, uts, ipc and net namespaces. */
  public static Plan run(Path rootfs, String... argv) {
    return container(rootfs, NAMESPACES, "box").exec(argv[0], List.of(argv), ENV).build();
  }
}
