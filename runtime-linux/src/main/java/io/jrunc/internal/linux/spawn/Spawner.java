package io.jrunc.internal.linux.spawn;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.StringArray;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.linux.PidFd;
import io.jrunc.internal.linux.event.ExitWatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts programs with posix_spawn(3) through JNA: glibc and musl create the child with
 * clone(CLONE_VM|CLONE_VFORK) and run only their own file actions before execve, so no Java runs
 * in the child. The child gets exactly: its stdio (pipes, inherited, or files), the given fds
 * at 3, 4, 5, ... in order, and nothing else (every other fd is closed in the child). It is
 * reaped by the {@link ExitWatcher} through a pidfd: no thread per process.
 */
public final class Spawner {
  private Spawner() {}

  private static final int FILE_ACTIONS_SIZE = 256; // glibc and musl: 80 bytes
  private static final Function CLOSEFROM = closefrom();

  /**
   * Spawns {@code path} with {@code argv} and {@code env} (exactly these variables), stdio as
   * given (PIPE, INHERIT, or a file: READ, WRITE, APPEND; DISCARD is /dev/null), and {@code fds}
   * (fds of this JVM, which stay open here) as the child's fds 3, 4, ... in order.
   */
  public static SpawnedProcess spawn(String path, List<String> argv, List<String> env,
      Redirect in, Redirect out, Redirect err, int... fds) throws IOException {
    int firstFree = 3 + fds.length;
    Redirect[] stdio = {in, out, err};
    int[] ours = {-1, -1, -1}; // our ends of stdio pipes
    List<Integer> closeAfter = new ArrayList<>(); // the child's ends and temporary copies
    int[] sources = new int[3 + fds.length];
    java.util.Arrays.fill(sources, -1);
    System.arraycopy(fds, 0, sources, 3, fds.length);
    Memory fa = new Memory(FILE_ACTIONS_SIZE);
    boolean faInit = false;
    boolean spawned = false;
    try {
      check("posix_spawn_file_actions_init", LibC.posix_spawn_file_actions_init(fa));
      faInit = true;
      for (int i = 0; i < 3; i++) {
        Redirect r = stdio[i];
        switch (r.type()) {
          case PIPE: {
            int[] p = new int[2];
            try {
              LibC.pipe2(p, Linux.O_CLOEXEC);
            } catch (LastErrorException e) {
              throw LibC.ioException("pipe2", e);
            }
            ours[i] = i == 0 ? p[1] : p[0];
            sources[i] = i == 0 ? p[0] : p[1];
            closeAfter.add(sources[i]);
            break;
          }
          case INHERIT:
            break;
          case READ:
            check("posix_spawn_file_actions_addopen", LibC.posix_spawn_file_actions_addopen(fa, i,
                r.file().getPath(), Linux.O_RDONLY, 0));
            break;
          case WRITE:
          case APPEND:
            check("posix_spawn_file_actions_addopen", LibC.posix_spawn_file_actions_addopen(fa, i,
                r.file().getPath(), Linux.O_WRONLY | Linux.O_CREAT
                    | (r.type() == Redirect.Type.APPEND ? Linux.O_APPEND : Linux.O_TRUNC), 0666));
            break;
          default:
            throw new IllegalArgumentException("redirect " + r);
        }
      }
      for (int target = 0; target < sources.length; target++) {
        int src = sources[target];
        if (src < 0) {
          continue;
        }
        if (src < firstFree) { // a dup2 onto src's number may come first: use a copy out of the way
          try {
            src = LibC.fcntl(src, LibC.F_DUPFD_CLOEXEC, firstFree);
          } catch (LastErrorException e) {
            throw LibC.ioException("fcntl(F_DUPFD_CLOEXEC)", e);
          }
          closeAfter.add(src);
        }
        check("posix_spawn_file_actions_adddup2", LibC.posix_spawn_file_actions_adddup2(fa, src, target));
      }
      closeFrom(fa, firstFree);

      int[] pid = new int[1];
      StringArray argvArray = new StringArray(argv.toArray(new String[0]));
      StringArray envArray = new StringArray(env.toArray(new String[0]));
      int rc = LibC.posix_spawn(pid, path, fa, null, argvArray, envArray);
      if (rc != 0) {
        throw new IOException("cannot run " + path + ": " + Errno.message(rc) + " (" + Errno.name(rc) + ")");
      }
      spawned = true;
      PidFd pidfd = pidfdOf(pid[0]);
      ExitWatcher watcher = ExitWatcher.get();
      OutputStream stdin = ours[0] >= 0 ? new FdOutputStream(ours[0]) : null;
      InputStream stdout = ours[1] >= 0 ? new FdInputStream(ours[1]) : null;
      InputStream stderr = ours[2] >= 0 ? new FdInputStream(ours[2]) : null;
      return new SpawnedProcess(pid[0], pidfd, watcher.reapWhenExited(pidfd), watcher, stdin, stdout, stderr);
    } finally {
      if (faInit) {
        LibC.posix_spawn_file_actions_destroy(fa);
      }
      closeAfter.forEach(LibC::closeQuietly);
      if (!spawned) {
        for (int fd : ours) {
          LibC.closeQuietly(fd);
        }
      }
    }
  }

  /** A pidfd for our new child; without one (EMFILE, say) the child is killed and reaped here. */
  private static PidFd pidfdOf(int pid) throws IOException {
    try {
      return PidFd.open(pid);
    } catch (IOException e) {
      try {
        LibC.kill(pid, Linux.SIGKILL);
        Memory info = new Memory(LibC.SIGINFO_SIZE);
        LibC.waitid(1 /* P_PID */, pid, info, LibC.WEXITED);
      } catch (LastErrorException ignored) {
        // nothing more to do
      }
      throw e;
    }
  }

  /** Every fd from {@code first} up is closed in the child. */
  private static void closeFrom(Memory fa, int first) throws IOException {
    if (CLOSEFROM != null) { // glibc 2.34+
      check("posix_spawn_file_actions_addclosefrom_np", CLOSEFROM.invokeInt(new Object[] {fa, first}));
      return;
    }
    // Elsewhere (musl): the fds open now. One opened without O_CLOEXEC by another thread in the
    // meantime would be inherited; the JDK and this runtime open theirs close-on-exec.
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path p : fds) {
        int fd = Integer.parseInt(p.getFileName().toString());
        if (fd >= first) {
          check("posix_spawn_file_actions_addclose", LibC.posix_spawn_file_actions_addclose(fa, fd));
        }
      }
    }
  }

  /** Whether the C library can close the child's fds by itself (glibc 2.34+). */
  public static boolean hasCloseFrom() {
    return CLOSEFROM != null;
  }

  private static Function closefrom() {
    try {
      return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME)
          .getFunction("posix_spawn_file_actions_addclosefrom_np");
    } catch (UnsatisfiedLinkError e) {
      return null;
    }
  }

  private static void check(String call, int rc) throws IOException {
    if (rc != 0) {
      throw new IOException(call + ": " + Errno.message(rc) + " (" + Errno.name(rc) + ")");
    }
  }
}
