package io.jrunc.internal.rootfs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deleting trees without following symlinks. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Deletes a file or directory tree. Symlinks are deleted, never followed. Directories the
     * caller owns but may not write (a restrictive mode from an archive) are made writable first.
     *
     * @param path the tree to delete; nothing happens if it does not exist
     * @throws IOException if something cannot be deleted
     */
    public static void deleteTree(Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!Files.isWritable(dir) || !Files.isExecutable(dir)) {
                    try {
                        Files.setAttribute(dir, "unix:mode", 0700);
                    } catch (IOException | RuntimeException e) {
                        // deletion below reports the real problem
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
