package io.jrunc.internal.linux.compile;

import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NOATIME;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NODEV;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NODIRATIME;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NOEXEC;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NOSUID;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_NOSYMFOLLOW;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_RDONLY;
import static io.jrunc.internal.linux.Linux.MOUNT_ATTR_RELATIME;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The meaning of {@code mounts[].options}, with runc's vocabulary (libcontainer/specconv): an
 * option sets or clears a mount flag ({@code ro}, {@code nosuid}, {@code rw}...), adds a
 * propagation change ({@code rprivate}, {@code slave}...), sets or clears a recursive mount
 * attribute ({@code rro}, {@code rnosuid}...), or, when it is none of these, is passed to the
 * filesystem as mount data ({@code mode=755}, {@code size=65536k}), in order, joined by commas.
 *
 * <p>Two options runc knows are refused here: {@code tmpcopyup} and {@code idmap}/{@code ridmap}
 * (not supported yet). One differs: {@code defaults} means nothing (mount(8)'s meaning); runc
 * passes it on to the filesystem as data, which tmpfs and most others reject.
 *
 * @param flags MS_* flags to set
 * @param clearedFlags MS_* flags an option explicitly cleared ({@code rw}, {@code suid}...)
 * @param propagation MS_* propagation changes to make after the mount, in order
 * @param recAttrSet MOUNT_ATTR_* to set recursively (mount_setattr), 0 for none
 * @param recAttrClr MOUNT_ATTR_* to clear recursively
 * @param data the filesystem's options, or null
 * @param unsupported options this runtime does not implement yet, each with why
 */
public record MountOptions(long flags, long clearedFlags, List<Long> propagation, long recAttrSet,
    long recAttrClr, String data, Map<String, String> unsupported) {

  private record Flag(boolean clear, long flag) {}

  /** The mount options jrunc implements, sorted (for {@code jrunc features}). */
  public static List<String> supported() {
    java.util.TreeSet<String> names = new java.util.TreeSet<>(FLAGS.keySet());
    names.addAll(PROPAGATION.keySet());
    names.addAll(REC_ATTRS.keySet());
    return List.copyOf(names);
  }

  /** Options that set (false) or clear (true) a mount flag. */
  static final Map<String, Flag> FLAGS = new LinkedHashMap<>();
  /** Options that change propagation, after the mount. */
  static final Map<String, Long> PROPAGATION = new LinkedHashMap<>();
  /** Options that set (false) or clear (true) a recursive mount attribute. */
  static final Map<String, Flag> REC_ATTRS = new LinkedHashMap<>();
  /** Options runc knows that jrunc does not implement yet, and why. */
  static final Map<String, String> UNSUPPORTED = new LinkedHashMap<>();

  static {
    flag("async", true, MS_SYNCHRONOUS);
    flag("atime", true, MS_NOATIME);
    flag("bind", false, MS_BIND);
    flag("dev", true, MS_NODEV);
    flag("diratime", true, MS_NODIRATIME);
    flag("dirsync", false, MS_DIRSYNC);
    flag("exec", true, MS_NOEXEC);
    flag("iversion", false, MS_I_VERSION);
    flag("lazytime", false, MS_LAZYTIME);
    flag("loud", true, MS_SILENT);
    flag("mand", false, MS_MANDLOCK);
    flag("noatime", false, MS_NOATIME);
    flag("nodev", false, MS_NODEV);
    flag("nodiratime", false, MS_NODIRATIME);
    flag("noexec", false, MS_NOEXEC);
    flag("noiversion", true, MS_I_VERSION);
    flag("nolazytime", true, MS_LAZYTIME);
    flag("nomand", true, MS_MANDLOCK);
    flag("norelatime", true, MS_RELATIME);
    flag("nostrictatime", true, MS_STRICTATIME);
    flag("nosuid", false, MS_NOSUID);
    flag("nosymfollow", false, MS_NOSYMFOLLOW);
    flag("rbind", false, MS_BIND | MS_REC);
    flag("relatime", false, MS_RELATIME);
    flag("remount", false, MS_REMOUNT);
    flag("ro", false, MS_RDONLY);
    flag("rw", true, MS_RDONLY);
    flag("silent", false, MS_SILENT);
    flag("strictatime", false, MS_STRICTATIME);
    flag("suid", true, MS_NOSUID);
    flag("sync", false, MS_SYNCHRONOUS);
    flag("symfollow", true, MS_NOSYMFOLLOW);

    PROPAGATION.put("rprivate", MS_PRIVATE | MS_REC);
    PROPAGATION.put("private", MS_PRIVATE);
    PROPAGATION.put("rslave", MS_SLAVE | MS_REC);
    PROPAGATION.put("slave", MS_SLAVE);
    PROPAGATION.put("rshared", MS_SHARED | MS_REC);
    PROPAGATION.put("shared", MS_SHARED);
    PROPAGATION.put("runbindable", MS_UNBINDABLE | MS_REC);
    PROPAGATION.put("unbindable", MS_UNBINDABLE);

    REC_ATTRS.put("rro", new Flag(false, MOUNT_ATTR_RDONLY));
    REC_ATTRS.put("rrw", new Flag(true, MOUNT_ATTR_RDONLY));
    REC_ATTRS.put("rnosuid", new Flag(false, MOUNT_ATTR_NOSUID));
    REC_ATTRS.put("rsuid", new Flag(true, MOUNT_ATTR_NOSUID));
    REC_ATTRS.put("rnodev", new Flag(false, MOUNT_ATTR_NODEV));
    REC_ATTRS.put("rdev", new Flag(true, MOUNT_ATTR_NODEV));
    REC_ATTRS.put("rnoexec", new Flag(false, MOUNT_ATTR_NOEXEC));
    REC_ATTRS.put("rexec", new Flag(true, MOUNT_ATTR_NOEXEC));
    REC_ATTRS.put("rnodiratime", new Flag(false, MOUNT_ATTR_NODIRATIME));
    REC_ATTRS.put("rdiratime", new Flag(true, MOUNT_ATTR_NODIRATIME));
    REC_ATTRS.put("rrelatime", new Flag(false, MOUNT_ATTR_RELATIME));
    REC_ATTRS.put("rnorelatime", new Flag(true, MOUNT_ATTR_RELATIME));
    REC_ATTRS.put("rnoatime", new Flag(false, MOUNT_ATTR_NOATIME));
    REC_ATTRS.put("ratime", new Flag(true, MOUNT_ATTR_NOATIME));
    REC_ATTRS.put("rstrictatime", new Flag(false, MOUNT_ATTR_STRICTATIME));
    REC_ATTRS.put("rnostrictatime", new Flag(true, MOUNT_ATTR_STRICTATIME));
    REC_ATTRS.put("rnosymfollow", new Flag(false, MOUNT_ATTR_NOSYMFOLLOW));
    REC_ATTRS.put("rsymfollow", new Flag(true, MOUNT_ATTR_NOSYMFOLLOW));

    UNSUPPORTED.put("tmpcopyup", "is not supported (copying the mount point's content into the"
        + " tmpfs is not implemented)");
    UNSUPPORTED.put("idmap", "is not supported yet (id-mapped mounts come with user namespaces)");
    UNSUPPORTED.put("ridmap", "is not supported yet (id-mapped mounts come with user namespaces)");
  }

  private static void flag(String name, boolean clear, long flag) {
    FLAGS.put(name, new Flag(clear, flag));
  }

  public MountOptions {
    propagation = List.copyOf(propagation);
    unsupported = Map.copyOf(unsupported);
  }

  /** Reads a mount's options (null: none), as runc does. */
  public static MountOptions parse(List<String> options) {
    long flags = 0;
    long cleared = 0;
    long attrSet = 0;
    long attrClr = 0;
    List<Long> propagation = new ArrayList<>();
    Map<String, String> unsupported = new LinkedHashMap<>();
    StringJoiner data = new StringJoiner(",");
    boolean anyData = false;
    for (String o : options == null ? List.<String>of() : options) {
      Flag f = FLAGS.get(o);
      Flag a = REC_ATTRS.get(o);
      if (f != null) {
        // The *atime options are more of an enum, but like runc (and mount(8)) each is one bit.
        if (f.clear()) {
          flags &= ~f.flag();
          cleared |= f.flag();
        } else {
          flags |= f.flag();
          cleared &= ~f.flag();
        }
      } else if (PROPAGATION.containsKey(o)) {
        propagation.add(PROPAGATION.get(o));
      } else if (a != null) {
        if (a.clear()) {
          attrClr |= a.flag();
          attrSet &= ~a.flag();
        } else {
          attrSet |= a.flag();
          attrClr &= ~a.flag();
        }
        if ((a.flag() & MOUNT_ATTR__ATIME) == a.flag()) {
          // mount_setattr(2): an access-time setting in attr_set needs MOUNT_ATTR__ATIME in attr_clr.
          attrClr |= MOUNT_ATTR__ATIME;
        }
      } else if (UNSUPPORTED.containsKey(o)) {
        unsupported.put(o, UNSUPPORTED.get(o));
      } else if (!o.equals("defaults")) {
        data.add(o);
        anyData = true;
      }
    }
    return new MountOptions(flags, cleared, propagation, attrSet, attrClr,
        anyData ? data.toString() : null, unsupported);
  }

  /** True if the options ask for a bind mount ({@code bind} or {@code rbind}). */
  public boolean bind() {
    return (flags & MS_BIND) != 0;
  }
}
