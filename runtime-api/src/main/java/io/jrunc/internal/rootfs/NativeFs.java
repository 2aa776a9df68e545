package io.jrunc.internal.rootfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * File-system calls the extractor needs beyond {@code java.nio.file}: device nodes, FIFOs, owner
 * and time changes on symlinks, symlinks with their exact target text, any extended attribute.
 *
 * <p>The default methods are the portable implementation, on {@code java.nio.file} alone: it
 * cannot create device nodes or FIFOs ({@link #canCreateSpecialFiles()} is false) and sets only
 * {@code user.*} extended attributes, and not on symlinks. The Linux runtime module registers a
 * libc-backed implementation with {@link ServiceLoader}; {@link #load()} picks the first available
 * one. Paths given to these methods are always inside the root being extracted and contain no
 * symlink except, possibly, as their last component; no method may follow a symlink in the last
 * component unless it says so.
 */
public interface NativeFs {
    /** File type bits of a character device, for {@link #mknod}. */
    int S_IFCHR = 0020000;
    /** File type bits of a block device, for {@link #mknod}. */
    int S_IFBLK = 0060000;

    /**
     * Tells whether this implementation works on this system (its native library loaded).
     *
     * @return whether it can be used
     */
    default boolean isAvailable() {
        return true;
    }

    /**
     * Tells whether the process may change file owners to arbitrary ids.
     *
     * @return whether {@code CAP_CHOWN} is effective
     */
    default boolean canChown() {
        return Privileges.current().has(Privileges.CAP_CHOWN);
    }

    /**
     * Tells whether the process may create device nodes.
     *
     * @return whether {@code CAP_MKNOD} is effective (creation may still be refused, e.g. in a
     *     user namespace)
     */
    default boolean canMknod() {
        return Privileges.current().has(Privileges.CAP_MKNOD);
    }

    /**
     * Tells whether {@link #mkfifo} and {@link #mknod} are implemented.
     *
     * @return false for the portable implementation
     */
    default boolean canCreateSpecialFiles() {
        return false;
    }

    /**
     * Creates a FIFO.
     *
     * @param path where, which must not exist
     * @param mode the permission bits
     * @throws IOException if the system call fails
     */
    default void mkfifo(Path path, int mode) throws IOException {
        throw new UnsupportedOperationException("FIFOs need native support");
    }

    /**
     * Creates a device node.
     *
     * @param path where, which must not exist
     * @param type {@link #S_IFCHR} or {@link #S_IFBLK}
     * @param mode the permission bits
     * @param major the device major number
     * @param minor the device minor number
     * @throws IOException if the system call fails
     */
    default void mknod(Path path, int type, int mode, long major, long minor) throws IOException {
        throw new UnsupportedOperationException("device nodes need native support");
    }

    /**
     * Changes the owner of a path without following a symlink in its last component.
     *
     * @param path the path
     * @param uid the numeric user id
     * @param gid the numeric group id
     * @throws IOException if the system call fails
     */
    default void lchown(Path path, long uid, long gid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Changes the mode of a path that is not a symlink, setuid, setgid and sticky bits included.
     *
     * @param path a regular file, directory, FIFO or device node
     * @param mode the mode bits ({@code 07777} at most)
     * @throws IOException if the system call fails
     */
    default void chmod(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode);
    }

    /**
     * Sets the modification time, leaving the access time unchanged or setting it to the same.
     *
     * @param path the path
     * @param mtime the modification time
     * @param symlink whether the path is a symlink, whose own time is to be set
     * @throws IOException if the system call fails
     */
    default void setMtime(Path path, FileTime mtime, boolean symlink) throws IOException {
        BasicFileAttributeView view = symlink
                ? Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                : Files.getFileAttributeView(path, BasicFileAttributeView.class);
        view.setTimes(mtime, null, null);
    }

    /**
     * Creates a symlink. The portable implementation goes through {@link Path}, which drops
     * redundant and trailing slashes from the target text.
     *
     * @param target the link's target text, stored as is
     * @param link where to create the link, which must not exist
     * @throws IOException if the system call fails
     */
    default void symlink(String target, Path link) throws IOException {
        Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
    }

    /**
     * Sets an extended attribute without following a symlink in the last component.
     *
     * @param path the path
     * @param name the full attribute name, e.g. {@code user.foo} or {@code security.capability}
     * @param value the value
     * @param symlink whether the path is a symlink
     * @throws IOException if the system call fails
     * @throws UnsupportedOperationException if this implementation cannot set that attribute
     */
    default void setXattr(Path path, String name, byte[] value, boolean symlink) throws IOException {
        UserDefinedFileAttributeView view = symlink || !name.startsWith("user.") ? null
                : Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new UnsupportedOperationException(symlink ? "not supported on symlinks without native support"
                    : "only user.* attributes are supported without native support");
        }
        view.write(name.substring("user.".length()), ByteBuffer.wrap(value));
    }

    /**
     * Creates a regular file that must not exist, without following a symlink, with mode
     * {@code 0600}, and returns a handle to write it and set its metadata (on the open file where
     * the implementation can).
     *
     * @param path where to create the file
     * @return the open file; closing it closes the file
     * @throws IOException if the file cannot be created
     */
    default Handle createFile(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, PathHandle.CREATE_FILE, PathHandle.PRIVATE_FILE);
        return new PathHandle(this, path, false) {
            @Override
            public void write(ByteBuffer content) throws IOException {
                while (content.hasRemaining()) {
                    channel.write(content);
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /**
     * Returns a handle to set the metadata of an existing path, through the path.
     *
     * @param path the path
     * @param symlink whether it is a symlink (whose mode is not set)
     * @return a handle; closing it does nothing
     */
    default Handle at(Path path, boolean symlink) {
        return new PathHandle(this, path, symlink);
    }

    /**
     * A file being extracted: content, then owner, extended attributes, time and mode, in that
     * order (a change of owner clears setuid, so the mode comes after it).
     */
    interface Handle extends Closeable {
        /**
         * Appends content (only for a handle from {@link #createFile}).
         *
         * @param content the bytes from its position to its limit, all of which are written; a
         *     direct buffer
         * @throws IOException if writing fails
         */
        default void write(ByteBuffer content) throws IOException {
            throw new UnsupportedOperationException("not a new file");
        }

        /**
         * Changes the owner (of a symlink itself, not its target).
         *
         * @param uid the numeric user id
         * @param gid the numeric group id
         * @throws IOException if the system call fails
         */
        void chown(long uid, long gid) throws IOException;

        /**
         * Sets an extended attribute.
         *
         * @param name the full attribute name
         * @param value the value
         * @throws IOException if the system call fails
         * @throws UnsupportedOperationException if this implementation cannot set that attribute
         */
        void setXattr(String name, byte[] value) throws IOException;

        /**
         * Sets the modification time (of a symlink itself, not its target).
         *
         * @param mtime the time
         * @throws IOException if the system call fails
         */
        void setMtime(FileTime mtime) throws IOException;

        /**
         * Sets the mode; does nothing on a symlink.
         *
         * @param mode the mode bits ({@code 07777} at most)
         * @throws IOException if the system call fails
         */
        void chmod(int mode) throws IOException;

        @Override
        default void close() throws IOException {
        }
    }

    /** A {@link Handle} that goes through the path with the path-based methods. */
    class PathHandle implements Handle {
        static final Set<OpenOption> CREATE_FILE = Set.of(StandardOpenOption.WRITE,
                StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
        static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

        private final NativeFs fs;
        private final Path path;
        private final boolean symlink;

        /**
         * Creates the handle.
         *
         * @param fs the implementation whose path-based methods to use
         * @param path the path
         * @param symlink whether it is a symlink
         */
        public PathHandle(NativeFs fs, Path path, boolean symlink) {
            this.fs = fs;
            this.path = path;
            this.symlink = symlink;
        }

        @Override
        public void chown(long uid, long gid) throws IOException {
            fs.lchown(path, uid, gid);
        }

        @Override
        public void setXattr(String name, byte[] value) throws IOException {
            fs.setXattr(path, name, value, symlink);
        }

        @Override
        public void setMtime(FileTime mtime) throws IOException {
            fs.setMtime(path, mtime, symlink);
        }

        @Override
        public void chmod(int mode) throws IOException {
            if (!symlink) {
                fs.chmod(path, mode);
            }
        }
    }

    /**
     * Finds the native implementation registered with {@link ServiceLoader}, if one is available,
     * else returns the portable one.
     *
     * @return the implementation to use
     */
    static NativeFs load() {
        ServiceLoader<NativeFs> loader = ServiceLoader.load(NativeFs.class, NativeFs.class.getClassLoader());
        Iterator<NativeFs> it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                NativeFs fs = it.next();
                if (fs.isAvailable()) {
                    return fs;
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                // a provider that cannot load on this system: try the next one
            }
        }
        return portable();
    }

    /**
     * Returns the portable implementation.
     *
     * @return an implementation using only {@code java.nio.file}
     */
    static NativeFs portable() {
        return Portable.INSTANCE;
    }

    /** The portable implementation: all defaults. */
    final class Portable implements NativeFs {
        static final Portable INSTANCE = new Portable();

        private Portable() {
        }

        @Override
        public String toString() {
            return "NativeFs.Portable";
        }
    }
}
