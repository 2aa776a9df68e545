package io.jrunc.internal.linux.cgroup;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.jrunc.internal.linux.Errno;
import io.jrunc.internal.linux.LibC;
import io.jrunc.internal.linux.Linux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** bpf(2) for the device program: BPF_PROG_LOAD, then BPF_PROG_ATTACH to a cgroup v2 directory. */
public final class Bpf {
  private static final long SYS_BPF = "aarch64".equals(System.getProperty("os.arch")) ? 280 : 321;
  private static final int BPF_PROG_LOAD = 5;
  private static final int BPF_PROG_ATTACH = 8;
  private static final int BPF_PROG_TYPE_CGROUP_DEVICE = 15;
  private static final int BPF_CGROUP_DEVICE = 6;
  private static final int BPF_F_ALLOW_MULTI = 2;
  private static final int ATTR_SIZE = 128;
  private static final int LOG_SIZE = 64 * 1024;

  private Bpf() {}

  /**
   * Loads {@code program} (eBPF instructions) as a device program and attaches it to the cgroup
   * {@code dir} (allowing other programs there: the kernel then allows only what all allow).
   */
  public static void attachDeviceProgram(Path dir, byte[] program) throws CgroupException {
    int prog = -1;
    int cg = -1;
    try (Memory insns = new Memory(program.length); Memory license = new Memory(8);
        Memory log = new Memory(LOG_SIZE); Memory attr = new Memory(ATTR_SIZE)) {
      insns.write(0, program, 0, program.length);
      license.setString(0, "Apache", StandardCharsets.US_ASCII.name());
      log.setByte(0, (byte) 0);
      attr.clear();
      attr.setInt(0, BPF_PROG_TYPE_CGROUP_DEVICE);
      attr.setInt(4, program.length / 8);
      attr.setLong(8, Pointer.nativeValue(insns));
      attr.setLong(16, Pointer.nativeValue(license));
      attr.setInt(24, 1); // log_level
      attr.setInt(28, LOG_SIZE);
      attr.setLong(32, Pointer.nativeValue(log));
      try {
        prog = (int) LibC.syscall(SYS_BPF, BPF_PROG_LOAD, Pointer.nativeValue(attr), ATTR_SIZE, 0, 0);
      } catch (LastErrorException e) {
        String verifier = log.getString(0, StandardCharsets.US_ASCII.name()).trim();
        throw new CgroupException("linux.resources.devices: the kernel refused the device program (bpf "
            + "BPF_PROG_LOAD: " + Errno.message(e.getErrorCode()) + ")"
            + (verifier.isEmpty() ? "" : ": " + verifier));
      }
      try {
        cg = LibC.open(dir.toString(), Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
      } catch (LastErrorException e) {
        throw new CgroupException("open " + dir + ": " + Errno.message(e.getErrorCode()));
      }
      attr.clear();
      attr.setInt(0, cg);
      attr.setInt(4, prog);
      attr.setInt(8, BPF_CGROUP_DEVICE);
      attr.setInt(12, BPF_F_ALLOW_MULTI);
      try {
        LibC.syscall(SYS_BPF, BPF_PROG_ATTACH, Pointer.nativeValue(attr), ATTR_SIZE, 0, 0);
      } catch (LastErrorException e) {
        throw new CgroupException("linux.resources.devices: cannot attach the device program to " + dir
            + " (bpf BPF_PROG_ATTACH: " + Errno.message(e.getErrorCode()) + ")");
      }
    } finally {
      LibC.closeQuietly(prog);
      LibC.closeQuietly(cg);
    }
  }
}
