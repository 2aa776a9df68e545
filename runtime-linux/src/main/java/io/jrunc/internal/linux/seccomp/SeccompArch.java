package io.jrunc.internal.linux.seccomp;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An architecture a seccomp filter knows the system calls of: its libseccomp name, the {@code
 * AUDIT_ARCH_*} value the kernel puts in {@code seccomp_data.arch}, and its system call table.
 * x32 shares x86_64's audit value; its calls are told apart by bit 30 of the number.
 */
public enum SeccompArch {
  X86_64("SCMP_ARCH_X86_64", 0xC000003E, 0, true, SyscallTables.X86_64),
  X32("SCMP_ARCH_X32", 0xC000003E, SeccompArch.X32_SYSCALL_BIT, false, SyscallTables.X32),
  X86("SCMP_ARCH_X86", 0x40000003, 0, false, SyscallTables.X86),
  AARCH64("SCMP_ARCH_AARCH64", 0xC00000B7, 0, true, SyscallTables.AARCH64);

  /** Bit 30 of an x32 system call number. */
  public static final int X32_SYSCALL_BIT = 0x40000000;

  private final String scmpName;
  private final int auditArch;
  private final int numberBase;
  private final boolean is64;
  private final Map<String, Integer> numbers;
  private final int highest;

  SeccompArch(String scmpName, int auditArch, int numberBase, boolean is64, String table) {
    this.scmpName = scmpName;
    this.auditArch = auditArch;
    this.numberBase = numberBase;
    this.is64 = is64;
    Map<String, Integer> m = new HashMap<>();
    String[] words = table.trim().split(" +");
    int max = 0;
    for (int i = 0; i + 1 < words.length; i += 2) {
      int nr = Integer.parseInt(words[i + 1]);
      if (m.put(words[i], nr) != null) {
        throw new IllegalStateException(scmpName + ": " + words[i] + " twice in the table");
      }
      max = Math.max(max, nr);
    }
    this.numbers = Collections.unmodifiableMap(m);
    this.highest = max;
  }

  /** The libseccomp name, like {@code SCMP_ARCH_X86_64}. */
  public String scmpName() {
    return scmpName;
  }

  /** {@code AUDIT_ARCH_*}: {@code seccomp_data.arch}. */
  public int auditArch() {
    return auditArch;
  }

  /** Whether system call arguments are 64 bits wide (on 32-bit ones only the low word counts). */
  public boolean is64() {
    return is64;
  }

  /**
   * The number {@code seccomp_data.nr} holds for a system call (with bit 30 on x32).
   *
   * @param name the call, like {@code openat}
   * @return its number, or empty if this architecture has no such call
   */
  public Optional<Integer> number(String name) {
    Integer n = numbers.get(name);
    return n == null ? Optional.empty() : Optional.of(n | numberBase);
  }

  /** The highest number in the table (with bit 30 on x32). */
  public int highestKnown() {
    return highest | numberBase;
  }

  /**
   * The architecture of a libseccomp name ({@code SCMP_ARCH_ARM64} is an alias of {@code
   * SCMP_ARCH_AARCH64}).
   *
   * @param name the name
   * @return the architecture, or empty if jrunc has no system call table for it
   */
  public static Optional<SeccompArch> of(String name) {
    if (name.equals("SCMP_ARCH_ARM64")) {
      return Optional.of(AARCH64);
    }
    for (SeccompArch a : values()) {
      if (a.scmpName.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /**
   * The architecture this JVM runs on.
   *
   * @return it
   * @throws IllegalStateException on an architecture jrunc has no table for
   */
  public static SeccompArch nativeArch() {
    String a = System.getProperty("os.arch");
    return switch (a) {
      case "amd64", "x86_64" -> X86_64;
      case "aarch64", "arm64" -> AARCH64;
      default -> throw new IllegalStateException("no seccomp system call table for os.arch " + a);
    };
  }
}
