package io.jrunc.internal.linux.seccomp;

import io.jrunc.internal.spec.DefaultSeccompProfile;
import io.jrunc.spec.Linux;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile of the shape that runtime-tools' validation suite gives its {@code runtimetest}
 * (and Docker's before 20.10): default {@code SCMP_ACT_ERRNO}, an allow list that does not name
 * {@code close_range} but names calls numbered above it (runtime-tools' lists {@code
 * landlock_*}), so that the filter refuses close_range with EPERM, not ENOSYS. Made here from
 * jrunc's default profile with close_range taken out (it keeps faccessat2, epoll_pwait2,
 * futex_waitv and the like, all above close_range).
 */
public final class ProfilesWithoutCloseRange {
  private ProfilesWithoutCloseRange() {
  }

  /**
   * The profile.
   *
   * @param osArch the {@code os.arch} to make it for
   * @return the default profile without close_range
   */
  public static Linux.Seccomp profile(String osArch) {
    Linux.Seccomp d = DefaultSeccompProfile.profile(osArch);
    List<Linux.Seccomp.Syscall> rules = new ArrayList<>();
    for (Linux.Seccomp.Syscall r : d.syscalls()) {
      List<String> names = r.names().stream().filter(n -> !n.equals("close_range")).toList();
      if (!names.isEmpty()) {
        rules.add(r.toBuilder().names(names).build());
      }
    }
    return d.toBuilder().syscalls(rules).build();
  }
}
