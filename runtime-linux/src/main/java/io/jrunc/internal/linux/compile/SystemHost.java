package io.jrunc.internal.linux.compile;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.Linux;
import io.jrunc.internal.spec.SpecDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Host} for the machine this JVM runs on. */
final class SystemHost implements Host {
  static final SystemHost INSTANCE = new SystemHost();

  private static final int CAP_SYS_RESOURCE = 24;
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private SystemHost() {}

  /** getrlimit(2), by JNA direct mapping. */
  static final class RlimitCalls {
    static {
      com.sun.jna.Native.register(RlimitCalls.class, Platform.C_LIBRARY_NAME);
    }

    private RlimitCalls() {}

    /** {@code rlim} receives {rlim_cur, rlim_max} (struct rlimit on 64-bit Linux). */
    static native int getrlimit(int resource, long[] rlim) throws LastErrorException;

    /** {@code buf} receives struct statvfs (64-bit Linux: 11 longs, then spare ints). */
    static native int statvfs(String path, long[] buf) throws LastErrorException;

    static native int geteuid();

    static native int getegid();
  }

  /** statvfs f_flag bits (ST_*) and the mount flags they stand for. */
  private static final long[][] ST_FLAGS = {{1, Linux.MS_RDONLY}, {2, Linux.MS_NOSUID},
      {4, Linux.MS_NODEV}, {8, Linux.MS_NOEXEC}, {1024, Linux.MS_NOATIME},
      {2048, Linux.MS_NODIRATIME}, {4096, Linux.MS_RELATIME}};

  @Override
  public long euid() {
    return Integer.toUnsignedLong(RlimitCalls.geteuid());
  }

  @Override
  public long egid() {
    return Integer.toUnsignedLong(RlimitCalls.getegid());
  }

  @Override
  public boolean capable(int cap) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long eff = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          return (eff & (1L << cap)) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through: assume not
    }
    return false;
  }

  @Override
  public Optional<Path> program(String name) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin"));
    for (String dir : dirs) {
      if (dir.startsWith("/")) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<String> userName(long uid) {
    for (String line : lines(Path.of("/etc/passwd"))) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && f[2].equals(Long.toString(uid))) {
        return Optional.of(f[0]);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public long mountFlags(Path path) throws IOException {
    long[] buf = new long[16];
    try {
      RlimitCalls.statvfs(path.toString(), buf);
    } catch (LastErrorException e) {
      throw new IOException("statvfs " + path + ": " + Errno.message(e.getErrorCode()));
    }
    long flags = 0;
    for (long[] f : ST_FLAGS) {
      if ((buf[9] & f[0]) != 0) {
        flags |= f[1];
      }
    }
    return flags;
  }

  @Override
  public long hardLimit(int resource) {
    long[] rlim = new long[2];
    try {
      RlimitCalls.getrlimit(resource, rlim);
    } catch (LastErrorException e) {
      throw new IllegalStateException("getrlimit(" + resource + "): "
          + Errno.message(e.getErrorCode()), e);
    }
    return rlim[1];
  }

  @Override
  public boolean canRaiseHardLimits() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long eff = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          return (eff & (1L << CAP_SYS_RESOURCE)) != 0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through: assume not
    }
    return false;
  }

  @Override
  public Path realPath(Path path) throws IOException {
    return path.toRealPath();
  }

  @Override
  public FileKind kind(Path path) {
    if (Files.isDirectory(path)) {
      return FileKind.DIRECTORY;
    }
    return Files.exists(path) ? FileKind.OTHER : FileKind.MISSING;
  }

  @Override
  public boolean unifiedCgroup() {
    return SpecDefaults.hostHasUnifiedCgroup();
  }

  @Override
  public boolean exists(Path path) {
    return Files.exists(path);
  }

  @Override
  public Path mountPointOf(Path path) {
    Path best = Path.of("/");
    for (String[] m : mountinfo()) {
      Path mp = Path.of(m[4]);
      if (path.startsWith(mp) && mp.getNameCount() > best.getNameCount()) {
        best = mp;
      }
    }
    return best;
  }

  @Override
  public List<Path> procAndSysfsMounts() {
    List<Path> out = new ArrayList<>();
    for (String[] m : mountinfo()) {
      int dash = indexOf(m, "-");
      String fstype = dash >= 0 && dash + 1 < m.length ? m[dash + 1] : "";
      if (m[3].equals("/") && (fstype.equals("proc") || fstype.equals("sysfs"))) {
        out.add(Path.of(m[4]));
      }
    }
    return out;
  }

  @Override
  public Optional<String> homeDirectory(Path rootfs, long uid) {
    Path passwd = rootfs.resolve("etc/passwd");
    try {
      for (Path p = rootfs.resolve("etc"); p != null && p.startsWith(rootfs) && !p.equals(rootfs);
          p = p.getParent()) {
        if (Files.isSymbolicLink(p)) {
          return Optional.empty();
        }
      }
      if (!Files.isRegularFile(passwd, LinkOption.NOFOLLOW_LINKS) || Files.size(passwd) > (1 << 20)) {
        return Optional.empty();
      }
      for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
        String[] f = line.split(":", -1);
        if (f.length >= 6 && f[2].equals(Long.toString(uid)) && !f[5].isEmpty()) {
          return Optional.of(f[5]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // no home: the caller falls back to "/"
    }
    return Optional.empty();
  }

  /** /proc/self/mountinfo, one array of fields a line, octal escapes decoded. */
  private static List<String[]> mountinfo() {
    List<String[]> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length < 5) {
          continue;
        }
        for (int i = 0; i < f.length; i++) {
          f[i] = unescape(f[i]);
        }
        out.add(f);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static int indexOf(String[] a, String s) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals(s)) {
        return i;
      }
    }
    return -1;
  }

  /** mountinfo escapes space, tab, newline and backslash as \ooo. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
