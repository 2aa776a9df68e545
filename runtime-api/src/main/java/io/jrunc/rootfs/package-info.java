/**
 * Making a root filesystem from an exported image: {@link io.jrunc.rootfs.RootfsExtractor}
 * extracts a {@code docker export} tarball safely and atomically.
 *
 * <h2>Safety rules</h2>
 *
 * <p>An archive is data from an untrusted source. Extraction never creates, changes or follows
 * anything outside the target directory (the <i>root</i>), and treats the archive as the
 * container will see it, with the root as {@code /}:
 *
 * <ul>
 *   <li><b>Absolute names</b> ({@code /etc/passwd}) are taken relative to the root (neutralized,
 *       as GNU tar does).
 *   <li><b>{@code ..} in entry names and hard-link targets</b> is resolved lexically; a name that
 *       climbs above the root ({@code ../x}, {@code a/../../x}, {@code ../root-evil}) is
 *       <em>refused</em>: the extraction fails naming the entry, e.g.
 *       {@code bin/sh: hard link target "bin/../../etc/passwd" escapes the root}. Names such as
 *       {@code a/../b} that stay inside are allowed.
 *   <li><b>Symbolic links</b> may have any target text; creating one never fails for that reason.
 *       What is confined is writing <em>through</em> them: each later name is resolved component
 *       by component inside the root, and a symlink met on the way is followed as if the root were
 *       {@code /} (absolute targets start at the root, {@code ..} at the root stays at the root),
 *       like {@code openat2(RESOLVE_IN_ROOT)} or {@code filepath-securejoin}. A link pointing
 *       outside therefore leads to the corresponding place inside (neutralized). Missing
 *       directories on the way are created inside the root.
 *   <li><b>The last component of a name is never followed</b>: an entry replaces whatever is there
 *       (a symlink is replaced by the new file, never written through) unless both are
 *       directories, in which case the directory is kept and its metadata updated. A directory
 *       replaced by a symlink is, for later entries, that symlink (followed inside the root).
 *   <li><b>Hard links</b> are resolved the same way (their last component not followed, so a hard
 *       link to a symlink links the symlink itself); a target that does not exist, is a directory,
 *       or escapes lexically is refused.
 *   <li><b>Symlink loops</b> and chains longer than 40 links fail with {@code too many levels of
 *       symbolic links}, as the kernel does.
 *   <li><b>The root itself</b> ({@code ./}, {@code /}) may be given metadata by a directory entry;
 *       any other type of entry for it is refused.
 *   <li>PAX and GNU long names and link names go through the same rules (they are the names).
 * </ul>
 *
 * <p>The rules assume nothing else modifies the target while it is being extracted; a fresh
 * extraction runs in a private (mode 0700) directory, so only the caller's own processes could.
 */
package io.jrunc.rootfs;
