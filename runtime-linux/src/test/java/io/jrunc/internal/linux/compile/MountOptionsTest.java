package io.jrunc.internal.linux.compile;

import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NOATIME;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NODEV;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NODIRATIME;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NOEXEC;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NOSUID;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NOSYMFOLLOW;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_RDONLY;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_STRICTATIME;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR__ATIME;
import static io.jrunc.internal.linux.Linux.MS_BIND;
import static io.jrunc.internal.linux.Linux.MS_DIRSYNC;
import static io.jrunc.internal.linux.Linux.MS_I_VERSION;
import static io.jrunc.internal.linux.Linux.MS_LAZYTIME;
import static io.jrunc.internal.linux.Linux.MS_MANDLOCK;
import static io.jrunc.internal.linux.Linux.MS_NOATIME;
import static io.jrunc.internal.linux.Linux.MS_NODEV;
import static io.jrunc.internal.linux.Linux.MS_NODIRATIME;
import static io.jrunc.internal.linux.Linux.MS_NOEXEC;
import static io.jrunc.internal.linux.Linux.MS_NOSUID;
import static io.jrunc.internal.linux.Linux.MS_NOSYMFOLLOW;
import static io.jrunc.internal.linux.Linux.MS_PRIVATE;
import static io.jrunc.internal.linux.Linux.MS_RDONLY;
import static io.jrunc.internal.linux.Linux.MS_REC;
import static io.jrunc.internal.linux.Linux.MS_RELATIME;
import static io.jrunc.internal.linux.Linux.MS_REMOUNT;
import static io.jrunc.internal.linux.Linux.MS_SHARED;
import static io.jrunc.internal.linux.Linux.MS_SILENT;
import static io.jrunc.internal.linux.Linux.MS_SLAVE;
import static io.jrunc.internal.linux.Linux.MS_STRICTATIME;
import static io.jrunc.internal.linux.Linux.MS_SYNCHRONOUS;
import static io.jrunc.internal.linux.Linux.MS_UNBINDABLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every mount option of runc's vocabulary, and what it turns into. */
class MountOptionsTest {
  /** option, flags set, flags cleared. */
  static Stream<Arguments> flagOptions() {
    return Stream.of(
        Arguments.of("ro", MS_RDONLY, 0L), Arguments.of("rw", 0L, MS_RDONLY),
        Arguments.of("nosuid", MS_NOSUID, 0L), Arguments.of("suid", 0L, MS_NOSUID),
        Arguments.of("nodev", MS_NODEV, 0L), Arguments.of("dev", 0L, MS_NODEV),
        Arguments.of("noexec", MS_NOEXEC, 0L), Arguments.of("exec", 0L, MS_NOEXEC),
        Arguments.of("sync", MS_SYNCHRONOUS, 0L), Arguments.of("async", 0L, MS_SYNCHRONOUS),
        Arguments.of("dirsync", MS_DIRSYNC, 0L),
        Arguments.of("remount", MS_REMOUNT, 0L),
        Arguments.of("mand", MS_MANDLOCK, 0L), Arguments.of("nomand", 0L, MS_MANDLOCK),
        Arguments.of("noatime", MS_NOATIME, 0L), Arguments.of("atime", 0L, MS_NOATIME),
        Arguments.of("nodiratime", MS_NODIRATIME, 0L), Arguments.of("diratime", 0L, MS_NODIRATIME),
        Arguments.of("relatime", MS_RELATIME, 0L), Arguments.of("norelatime", 0L, MS_RELATIME),
        Arguments.of("strictatime", MS_STRICTATIME, 0L),
        Arguments.of("nostrictatime", 0L, MS_STRICTATIME),
        Arguments.of("lazytime", MS_LAZYTIME, 0L), Arguments.of("nolazytime", 0L, MS_LAZYTIME),
        Arguments.of("iversion", MS_I_VERSION, 0L), Arguments.of("noiversion", 0L, MS_I_VERSION),
        Arguments.of("silent", MS_SILENT, 0L), Arguments.of("loud", 0L, MS_SILENT),
        Arguments.of("nosymfollow", MS_NOSYMFOLLOW, 0L),
        Arguments.of("symfollow", 0L, MS_NOSYMFOLLOW),
        Arguments.of("bind", MS_BIND, 0L), Arguments.of("rbind", MS_BIND | MS_REC, 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flagOptions")
  void flagOptionsSetOrClearAFlag(String option, long set, long cleared) {
    MountOptions o = MountOptions.parse(List.of(option));
    assertThat(o.flags()).as("flags").isEqualTo(set);
    assertThat(o.clearedFlags()).as("cleared").isEqualTo(cleared);
    assertThat(o.propagation()).isEmpty();
    assertThat(o.data()).isNull();
    assertThat(MountOptions.FLAGS).containsKey(option);
  }

  static Stream<Arguments> propagationOptions() {
    return Stream.of(
        Arguments.of("private", MS_PRIVATE), Arguments.of("rprivate", MS_PRIVATE | MS_REC),
        Arguments.of("slave", MS_SLAVE), Arguments.of("rslave", MS_SLAVE | MS_REC),
        Arguments.of("shared", MS_SHARED), Arguments.of("rshared", MS_SHARED | MS_REC),
        Arguments.of("unbindable", MS_UNBINDABLE),
        Arguments.of("runbindable", MS_UNBINDABLE | MS_REC));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("propagationOptions")
  void propagationOptionsAreChangesAfterTheMount(String option, long flags) {
    MountOptions o = MountOptions.parse(List.of(option));
    assertThat(o.flags()).isZero();
    assertThat(o.propagation()).containsExactly(flags);
  }

  /** option, attr_set, attr_clr. */
  static Stream<Arguments> recursiveAttributeOptions() {
    return Stream.of(
        Arguments.of("rro", MOUNT_ATTR_RDONLY, 0L), Arguments.of("rrw", 0L, MOUNT_ATTR_RDONLY),
        Arguments.of("rnosuid", MOUNT_ATTR_NOSUID, 0L), Arguments.of("rsuid", 0L, MOUNT_ATTR_NOSUID),
        Arguments.of("rnodev", MOUNT_ATTR_NODEV, 0L), Arguments.of("rdev", 0L, MOUNT_ATTR_NODEV),
        Arguments.of("rnoexec", MOUNT_ATTR_NOEXEC, 0L), Arguments.of("rexec", 0L, MOUNT_ATTR_NOEXEC),
        Arguments.of("rnodiratime", MOUNT_ATTR_NODIRATIME, 0L),
        Arguments.of("rdiratime", 0L, MOUNT_ATTR_NODIRATIME),
        Arguments.of("rnosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0L),
        Arguments.of("rsymfollow", 0L, MOUNT_ATTR_NOSYMFOLLOW),
        // access times are an enum: setting one clears the field first (mount_setattr(2))
        Arguments.of("rnoatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME),
        Arguments.of("rstrictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME),
        Arguments.of("rrelatime", 0L, MOUNT_ATTR__ATIME),
        Arguments.of("ratime", 0L, MOUNT_ATTR__ATIME | MOUNT_ATTR_NOATIME),
        Arguments.of("rnorelatime", 0L, MOUNT_ATTR__ATIME),
        Arguments.of("rnostrictatime", 0L, MOUNT_ATTR__ATIME | MOUNT_ATTR_STRICTATIME));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recursiveAttributeOptions")
  void recursiveAttributeOptions(String option, long set, long clear) {
    MountOptions o = MountOptions.parse(List.of(option));
    assertThat(o.recAttrSet()).as("set").isEqualTo(set);
    assertThat(o.recAttrClr()).as("clear").isEqualTo(clear);
    assertThat(o.flags()).isZero();
  }

  @Test
  void everythingElseIsFilesystemDataInOrder() {
    MountOptions o = MountOptions.parse(List.of("nosuid", "mode=755", "ro", "size=65536k", "acl"));
    assertThat(o.flags()).isEqualTo(MS_NOSUID | MS_RDONLY);
    assertThat(o.data()).isEqualTo("mode=755,size=65536k,acl");
  }

  @Test
  void laterOptionsWin() {
    MountOptions o = MountOptions.parse(List.of("ro", "rw", "nodev", "dev", "nodev"));
    assertThat(o.flags()).isEqualTo(MS_NODEV);
    assertThat(o.clearedFlags()).isEqualTo(MS_RDONLY);
    assertThat(MountOptions.parse(List.of("rw", "ro")).clearedFlags()).isZero();
    assertThat(MountOptions.parse(List.of("rro", "rrw")).recAttrSet()).isZero();
    assertThat(MountOptions.parse(List.of("private", "rshared")).propagation())
        .containsExactly(MS_PRIVATE, MS_SHARED | MS_REC);
  }

  @Test
  void defaultsMeansNothing() {
    MountOptions o = MountOptions.parse(List.of("defaults"));
    assertThat(o.flags()).isZero();
    assertThat(o.data()).isNull();
  }

  @Test
  void unsupportedOptionsAreNamed() {
    MountOptions o = MountOptions.parse(List.of("bind", "idmap", "tmpcopyup", "ridmap"));
    assertThat(o.unsupported()).containsOnlyKeys("idmap", "ridmap", "tmpcopyup");
    assertThat(o.unsupported().get("idmap")).startsWith("is not supported yet");
    assertThat(o.bind()).isTrue();
    assertThat(MountOptions.parse(null).flags()).isZero();
  }
}
