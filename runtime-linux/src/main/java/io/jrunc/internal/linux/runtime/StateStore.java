package io.jrunc.internal.linux.runtime;

import io.jrunc.ContainerException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The state directory: one directory per container, {@code <root>/<id>/}, holding
 * {@code config.json}, {@code bundle} (the bundle path), {@code exec.fifo} while the container is
 * created and not started, the shim's {@code shim} and {@code exit} files, and with startContainer
 * hooks their stdin and stderr ({@code hook-stdin.json}, {@code hook-stderr.log}).
 *
 * <p>The root is {@code /run/jrunc} for root, else {@code $XDG_RUNTIME_DIR/jrunc}, else
 * {@code <java.io.tmpdir>/jrunc-<uid>}. A user's default root is made mode 0700, and used only
 * if it is a directory (not a symlink) that the user owns and nobody else may write to: in a
 * shared temporary directory another user could have made it first.
 */
public final class StateStore {

  /** runc's rule for container ids. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_+\\-.]{1,1024}");

  static final String CONFIG = "config.json";
  static final String BUNDLE = "bundle";
  static final String FIFO = "exec.fifo";
  /** The startContainer hooks' stdin (the state, written once the init's pid is known). */
  static final String HOOK_STDIN = "hook-stdin.json";
  /** The startContainer hooks' stderr (kept for the message of one that fails). */
  static final String HOOK_STDERR = "hook-stderr.log";

  private final Path root;
  /** The uid that must own the root (a user's default root), or -1: not checked. */
  private final long owner;

  /**
   * A store at {@code root}.
   *
   * @param root the state root directory, created when needed
   */
  public StateStore(Path root) {
    this(root, -1);
  }

  StateStore(Path root, long owner) {
    this.root = root.toAbsolutePath().normalize();
    this.owner = owner;
  }

  /** The store at the default root for this user; a user's own root is checked, as the class says. */
  static StateStore forUser(long euid, Map<String, String> env) {
    return new StateStore(defaultRoot(euid, env), euid == 0 ? -1 : euid);
  }

  /** The default root for this process's user, given its environment. */
  static Path defaultRoot(long euid, Map<String, String> env) {
    if (euid == 0) {
      return Path.of("/run/jrunc");
    }
    String xdg = env.get("XDG_RUNTIME_DIR");
    if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "jrunc");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "jrunc-" + euid);
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  /** Checks an id as runc does; the message names it. */
  static String checkId(String id) {
    if (!ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
      throw new ContainerException("invalid container id \"" + id
          + "\": use 1 to 1024 letters, digits, '_', '+', '-' and '.' (not \".\" or \"..\")");
    }
    return id;
  }

  /** The directory of a container, which may not exist. */
  Path dir(String id) {
    return root.resolve(checkId(id));
  }

  /** Creates the directory of a new container; fails if the id is taken. */
  Path create(String id) {
    Path dir = dir(id);
    FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x"));
    try {
      if (owner >= 0) {
        checkOwnRoot();
      }
      try {
        Files.createDirectory(dir, mode);
      } catch (NoSuchFileException e) { // the first container: make the root too
        Files.createDirectories(root, owner >= 0
            ? PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) : mode);
        if (owner >= 0) {
          checkOwnRoot();
        }
        Files.createDirectory(dir, mode);
      }
      return dir;
    } catch (FileAlreadyExistsException e) {
      throw new ContainerException("container with id \"" + id + "\" already exists (" + dir + ")");
    } catch (IOException e) {
      throw new ContainerException("state directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A user's own root, if it exists, must be a directory of theirs that only they may change. */
  private void checkOwnRoot() throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String problem = null;
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      problem = "is not a directory";
    } else {
      long uid = ((Number) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
      int mode = (Integer) Files.getAttribute(root, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if (uid != owner) {
        problem = "is owned by uid " + uid + ", not by this user (uid " + owner + ")";
      } else if ((mode & 022) != 0) {
        problem = "may be written by others (mode " + Integer.toOctalString(mode & 07777) + ")";
      }
    }
    if (problem != null) {
      throw new ContainerException("state root " + root + " " + problem + ": not used; remove it,"
          + " or set XDG_RUNTIME_DIR to a directory of your own (or --root)");
    }
  }

  /** The ids of the containers in the store. */
  List<String> ids() {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return ids;
    }
    try (Stream<Path> s = Files.list(root)) {
      s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> p.getFileName().toString())
          .filter(n -> ID.matcher(n).matches())
          .sorted()
          .forEach(ids::add);
    } catch (IOException e) {
      throw new ContainerException("state root " + root + ": " + e.getMessage(), e);
    }
    return ids;
  }
}
