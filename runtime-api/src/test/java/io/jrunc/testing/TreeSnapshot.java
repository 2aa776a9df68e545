package io.jrunc.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A recursive listing of a directory with everything {@code lstat} says (without following
 * symlinks), link targets and content hashes: to check that nothing outside an extraction target
 * changed, and to compare extracted trees.
 */
public final class TreeSnapshot {

    /**
     * One path.
     *
     * @param type {@code d}, {@code f}, {@code l}, {@code p} (FIFO), {@code c}, {@code b} or {@code s}
     * @param mode the mode bits ({@code 07777})
     * @param uid the owner
     * @param gid the group
     * @param size the size
     * @param mtime the modification time
     * @param ctime the status change time (changes on chmod, chown, link, write)
     * @param nlink the link count
     * @param inode the inode number
     * @param rdev the device number of a device node
     * @param linkTarget the target text of a symlink, else null
     * @param sha256 the content hash of a regular file, else null
     */
    public record Info(char type, int mode, int uid, int gid, long size, FileTime mtime, FileTime ctime,
            int nlink, long inode, long rdev, String linkTarget, String sha256) {

        /**
         * What an extraction should reproduce: everything but inode, link count and ctime.
         *
         * @return a comparable description
         */
        public String portable() {
            return type + " " + Integer.toOctalString(mode) + " " + uid + ":" + gid + " size=" + size
                    + " mtime=" + mtime + " rdev=" + rdev + (linkTarget == null ? "" : " -> " + linkTarget)
                    + (sha256 == null ? "" : " sha256=" + sha256);
        }
    }

    private TreeSnapshot() {
    }

    /**
     * Lists a tree, the root excluded.
     *
     * @param root the directory
     * @return relative path to info, sorted
     */
    public static Map<String, Info> of(Path root) {
        return of(root, rel -> true);
    }

    /**
     * Lists a tree, the root excluded, skipping excluded paths and everything below them.
     *
     * @param root the directory
     * @param include which relative paths to list
     * @return relative path to info, sorted
     */
    public static Map<String, Info> of(Path root, Predicate<String> include) {
        Map<String, Info> out = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = root.relativize(dir).toString();
                    if (!include.test(rel)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    out.put(rel, info(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String rel = root.relativize(file).toString();
                    if (include.test(rel)) {
                        out.put(rel, info(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Describes one path.
     *
     * @param path the path (a symlink is described, not followed)
     * @return the info
     * @throws IOException if it cannot be read
     */
    public static Info info(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int fullMode = (Integer) a.get("mode");
        char type;
        switch (fullMode & 0170000) {
            case 0040000: type = 'd'; break;
            case 0100000: type = 'f'; break;
            case 0120000: type = 'l'; break;
            case 0010000: type = 'p'; break;
            case 0020000: type = 'c'; break;
            case 0060000: type = 'b'; break;
            default: type = 's';
        }
        String link = type == 'l' ? Files.readSymbolicLink(path).toString() : null;
        String hash = type == 'f' ? sha256(path) : null;
        return new Info(type, fullMode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                type == 'd' ? 0 : (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"),
                (FileTime) a.get("ctime"), (Integer) a.get("nlink"), (Long) a.get("ino"),
                (Long) a.get("rdev"), link, hash);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
