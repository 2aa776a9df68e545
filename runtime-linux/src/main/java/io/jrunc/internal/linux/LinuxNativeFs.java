package io.jrunc.internal.linux;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.jrunc.internal.rootfs.NativeFs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;

/**
 * The file-system calls of rootfs extraction on Linux, through libc (JNA direct mapping):
 * {@code mknod}, {@code mkfifo}, {@code lchown}, {@code chmod}, {@code utimensat} with
 * {@code AT_SYMLINK_NOFOLLOW}, {@code symlink} with the exact target bytes, and
 * {@code lsetxattr} for any namespace; regular files are created with {@code open(O_EXCL |
 * O_NOFOLLOW)} and their owner, attributes, time and mode set on the descriptor
 * ({@code fchown}, {@code fsetxattr}, {@code futimens}, {@code fchmod}), as GNU tar does. Registered with {@link java.util.ServiceLoader}; not
 * available off 64-bit Linux. Stateless and thread-safe.
 */
public final class LinuxNativeFs implements NativeFs {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EEXIST = 17;
    private static final int EINTR = 4;
    private static final int O_CREATE_FILE = 01 | 0100 | 0200 | 02000000; // WRONLY|CREAT|EXCL|CLOEXEC

    private static final Charset PATH_CHARSET = pathCharset();
    private static final Throwable UNAVAILABLE = register();
    /** O_NOFOLLOW, whose value depends on the architecture; 0 where unknown (then NIO is used). */
    private static final int O_NOFOLLOW = oNoFollow();

    /** Creates the provider (for {@link java.util.ServiceLoader}). */
    public LinuxNativeFs() {
    }

    @Override
    public boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    @Override
    public boolean canCreateSpecialFiles() {
        return true;
    }

    @Override
    public void mkfifo(Path path, int mode) throws IOException {
        check(Libc.mkfifo(bytes(path), mode), path);
    }

    @Override
    public void mknod(Path path, int type, int mode, long major, long minor) throws IOException {
        check(Libc.mknod(bytes(path), type | (mode & 07777), makedev(major, minor)), path);
    }

    @Override
    public void lchown(Path path, long uid, long gid) throws IOException {
        check(Libc.lchown(bytes(path), (int) uid, (int) gid), path);
    }

    @Override
    public void chmod(Path path, int mode) throws IOException {
        check(Libc.chmod(bytes(path), mode & 07777), path);
    }

    /** Sets the time of the path itself, never of what a symlink points to; atime is left. */
    @Override
    public void setMtime(Path path, FileTime mtime, boolean symlink) throws IOException {
        Instant t = mtime.toInstant();
        long[] times = {0, UTIME_OMIT, t.getEpochSecond(), t.getNano()};
        check(Libc.utimensat(AT_FDCWD, bytes(path), times, AT_SYMLINK_NOFOLLOW), path);
    }

    @Override
    public void symlink(String target, Path link) throws IOException {
        check(Libc.symlink(cString(target), bytes(link)), link);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value, boolean symlink) throws IOException {
        check(Libc.lsetxattr(bytes(path), cString(name), value, value.length, 0), path);
    }

    @Override
    public Handle createFile(Path path) throws IOException {
        if (O_NOFOLLOW == 0) {
            return NativeFs.super.createFile(path);
        }
        int fd = Libc.open(bytes(path), O_CREATE_FILE | O_NOFOLLOW, 0600);
        if (fd < 0) {
            check(fd, path);
        }
        return new FileHandle(fd, path);
    }

    @Override
    public String toString() {
        return "LinuxNativeFs" + (isAvailable() ? "" : "[unavailable: " + UNAVAILABLE + "]");
    }

    /** The kernel's (glibc's) encoding of a device number. */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    private static void check(int result, Path path) throws IOException {
        if (result == 0) {
            return;
        }
        int errno = Native.getLastError();
        String reason = Libc.strerror(errno);
        String file = path.toString();
        switch (errno) {
            case EEXIST:
                throw new FileAlreadyExistsException(file, null, reason);
            case ENOENT:
                throw new NoSuchFileException(file, null, reason);
            case EPERM:
            case EACCES:
                throw new AccessDeniedException(file, null, reason);
            default:
                throw new FileSystemException(file, null, reason);
        }
    }

    private static int oNoFollow() {
        switch (Platform.ARCH) {
            case "x86-64":
                return 0400000;
            case "aarch64":
                return 0100000;
            default:
                return 0;
        }
    }

    /** A new regular file, open for writing; metadata is set on the descriptor. */
    private static final class FileHandle implements Handle {
        private final Path path;
        private int fd;

        FileHandle(int fd, Path path) {
            this.fd = fd;
            this.path = path;
        }

        @Override
        public void write(ByteBuffer content) throws IOException {
            if (!content.isDirect()) {
                ByteBuffer direct = ByteBuffer.allocateDirect(content.remaining());
                direct.put(content).flip();
                content = direct;
            }
            Pointer base = Native.getDirectBufferPointer(content);
            while (content.hasRemaining()) {
                int position = content.position();
                long w = Libc.write(fd, position == 0 ? base : base.share(position), content.remaining());
                if (w < 0) {
                    if (Native.getLastError() == EINTR) {
                        continue;
                    }
                    check(-1, path);
                }
                content.position(position + (int) w);
            }
        }

        @Override
        public void chown(long uid, long gid) throws IOException {
            check(Libc.fchown(fd, (int) uid, (int) gid), path);
        }

        @Override
        public void setXattr(String name, byte[] value) throws IOException {
            check(Libc.fsetxattr(fd, cString(name), value, value.length, 0), path);
        }

        @Override
        public void setMtime(FileTime mtime) throws IOException {
            Instant t = mtime.toInstant();
            check(Libc.futimens(fd, new long[] {0, UTIME_OMIT, t.getEpochSecond(), t.getNano()}), path);
        }

        @Override
        public void chmod(int mode) throws IOException {
            check(Libc.fchmod(fd, mode & 07777), path);
        }

        @Override
        public void close() throws IOException {
            if (fd >= 0) {
                int result = Libc.close(fd);
                fd = -1;
                check(result, path);
            }
        }
    }

    private static byte[] bytes(Path path) {
        return cString(path.toString());
    }

    private static byte[] cString(String s) {
        byte[] b = s.getBytes(PATH_CHARSET);
        for (byte x : b) {
            if (x == 0) {
                throw new IllegalArgumentException("NUL in name: " + s);
            }
        }
        return Arrays.copyOf(b, b.length + 1);
    }

    private static Charset pathCharset() {
        String jnu = System.getProperty("sun.jnu.encoding");
        try {
            return jnu == null ? Charset.defaultCharset() : Charset.forName(jnu);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    private static Throwable register() {
        try {
            if (!Platform.isLinux() || Native.LONG_SIZE != 8) {
                return new UnsupportedOperationException("needs 64-bit Linux");
            }
            Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** libc, direct-mapped. {@code struct timespec[2]} is passed as {@code long[4]} (64-bit). */
    private static final class Libc {
        private Libc() {
        }

        static native int mknod(byte[] path, int mode, long dev);

        static native int mkfifo(byte[] path, int mode);

        static native int lchown(byte[] path, int uid, int gid);

        static native int chmod(byte[] path, int mode);

        static native int utimensat(int dirfd, byte[] path, long[] times, int flags);

        static native int symlink(byte[] target, byte[] linkpath);

        static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

        static native String strerror(int errnum);

        static native int open(byte[] path, int flags, int mode);

        static native long write(int fd, Pointer buf, long count);

        static native int fchown(int fd, int uid, int gid);

        static native int fchmod(int fd, int mode);

        static native int futimens(int fd, long[] times);

        static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags);

        static native int close(int fd);
    }
}
