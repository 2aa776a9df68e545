package io.jrunc.internal.linux.cgroup;

import io.jrunc.spec.Linux.Resources.DeviceRule;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * cgroup v2's device rules: an eBPF program of type BPF_PROG_TYPE_CGROUP_DEVICE, compiled here
 * from the container's rules and attached to its cgroup ({@link Bpf}). The kernel runs it on
 * every open and mknod of a device node with a {@code struct bpf_cgroup_dev_ctx} ({@code
 * access_type} = access &lt;&lt; 16 | type, {@code major}, {@code minor}); it returns 1 to allow.
 *
 * <p>The rules apply as v1's devices.allow and devices.deny lists do for the rules runtimes
 * write: the last rule that matches decides, and nothing matching means deny. An allow rule
 * matches a request whose access it covers whole; a deny rule one that asks for any access it
 * names. The program checks the rules from the last to the first and returns at the first match.
 */
public final class DeviceFilter {
  /** Device types and accesses of bpf_cgroup_dev_ctx (include/uapi/linux/bpf.h). */
  static final int DEV_BLOCK = 1;
  static final int DEV_CHAR = 2;
  static final int ACC_MKNOD = 1;
  static final int ACC_READ = 2;
  static final int ACC_WRITE = 4;

  // eBPF opcodes used (include/uapi/linux/bpf.h, bpf_common.h)
  static final int LDX_MEM_W = 0x61;
  static final int ALU_MOV_X = 0xbc;
  static final int ALU_AND_K = 0x54;
  static final int ALU_RSH_K = 0x74;
  static final int JMP_JNE_K = 0x55;
  static final int JMP_JEQ_K = 0x15;
  static final int ALU64_MOV_K = 0xb7;
  static final int EXIT = 0x95;

  private DeviceFilter() {}

  /** One instruction: opcode, dst, src, off, imm. */
  record Insn(int code, int dst, int src, int off, int imm) {}

  /** The program's instructions, 8 bytes each, little-endian. */
  public static byte[] compile(List<DeviceRule> rules) throws CgroupException {
    List<Insn> p = program(rules);
    ByteArrayOutputStream b = new ByteArrayOutputStream(p.size() * 8);
    for (Insn i : p) {
      b.write(i.code());
      b.write((i.src() << 4) | i.dst());
      b.write(i.off() & 0xff);
      b.write((i.off() >> 8) & 0xff);
      for (int k = 0; k < 4; k++) {
        b.write((i.imm() >>> (8 * k)) & 0xff);
      }
    }
    return b.toByteArray();
  }

  static List<Insn> program(List<DeviceRule> rules) throws CgroupException {
    List<Insn> p = new ArrayList<>();
    // r2 = type, r3 = access, r4 = major, r5 = minor
    p.add(new Insn(LDX_MEM_W, 2, 1, 0, 0));
    p.add(new Insn(ALU_MOV_X, 3, 2, 0, 0));
    p.add(new Insn(ALU_AND_K, 2, 0, 0, 0xffff));
    p.add(new Insn(ALU_RSH_K, 3, 0, 0, 16));
    p.add(new Insn(LDX_MEM_W, 4, 1, 4, 0));
    p.add(new Insn(LDX_MEM_W, 5, 1, 8, 0));
    for (int r = rules.size() - 1; r >= 0; r--) {
      p.addAll(block(rules.get(r), "linux.resources.devices[" + r + "]"));
    }
    p.add(new Insn(ALU64_MOV_K, 0, 0, 0, 0)); // nothing matched: deny
    p.add(new Insn(EXIT, 0, 0, 0, 0));
    return p;
  }

  /** The checks of one rule; each failed check jumps past the block's end. */
  private static List<Insn> block(DeviceRule rule, String what) throws CgroupException {
    ResourceWrites.deviceRule(rule, what); // validates type and access
    String type = rule.type() == null || rule.type().isEmpty() ? "a" : rule.type();
    String accessText = rule.access() == null || rule.access().isEmpty() ? "rwm" : rule.access();
    int access = 0;
    for (char c : accessText.toCharArray()) {
      access |= c == 'r' ? ACC_READ : c == 'w' ? ACC_WRITE : ACC_MKNOD;
    }
    List<int[]> checks = new ArrayList<>(); // {code, reg, imm}; jumps filled below
    if (!type.equals("a")) {
      checks.add(new int[] {JMP_JNE_K, 2, type.equals("b") ? DEV_BLOCK : DEV_CHAR});
    }
    List<Insn> b = new ArrayList<>();
    int total = checks.size() + 3 // access: mov, and, jump
        + (rule.major() != null && rule.major() >= 0 ? 1 : 0)
        + (rule.minor() != null && rule.minor() >= 0 ? 1 : 0) + 2;
    int at = 0;
    for (int[] c : checks) {
      b.add(new Insn(c[0], c[1], 0, total - at - 1, c[2]));
      at++;
    }
    // r1 = access & (allow: what the rule does not grant; deny: what it names)
    b.add(new Insn(ALU_MOV_X, 1, 3, 0, 0));
    at++;
    b.add(new Insn(ALU_AND_K, 1, 0, 0, rule.allow() ? (~access & 7) : access));
    at++;
    // allow: match only if nothing outside the rule was asked (r1 == 0); deny: if any (r1 != 0)
    b.add(new Insn(rule.allow() ? JMP_JNE_K : JMP_JEQ_K, 1, 0, total - at - 1, 0));
    at++;
    if (rule.major() != null && rule.major() >= 0) {
      b.add(new Insn(JMP_JNE_K, 4, 0, total - at - 1, (int) (long) rule.major()));
      at++;
    }
    if (rule.minor() != null && rule.minor() >= 0) {
      b.add(new Insn(JMP_JNE_K, 5, 0, total - at - 1, (int) (long) rule.minor()));
      at++;
    }
    b.add(new Insn(ALU64_MOV_K, 0, 0, 0, rule.allow() ? 1 : 0));
    b.add(new Insn(EXIT, 0, 0, 0, 0));
    return b;
  }
}
