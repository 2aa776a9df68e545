package io.jrunc.internal.rootfs;

import io.jrunc.rootfs.RootfsException;
import io.jrunc.rootfs.RootfsExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where an extraction writes, and how it is published: a private sibling directory renamed onto
 * the target at the end, or (extracting over a non-empty directory, or onto an empty mount point)
 * the target itself, marked incomplete meanwhile.
 */
final class Target {
    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** The directory the caller asked for, absolute and real (its parent, when it is new). */
    final Path destination;
    /** Where entries are written: a partial sibling, or {@link #destination} in place. */
    final Path root;
    /** Whether the extraction runs in {@link #destination} itself. */
    final boolean inPlace;
    /** The missing parent directories of the target that were created, outermost first. */
    private final List<Path> createdParents;

    private Target(Path destination, Path root, boolean inPlace, List<Path> createdParents) {
        this.destination = destination;
        this.root = root;
        this.inPlace = inPlace;
        this.createdParents = createdParents;
    }

    /**
     * Checks the requested target and creates what the extraction writes into.
     *
     * @param requested the target the caller gave
     * @param overwrite whether a non-empty directory may be extracted over
     * @return the target
     * @throws RootfsException if the target is refused or cannot be prepared
     */
    static Target prepare(Path requested, boolean overwrite) throws RootfsException {
        Path abs = requested.toAbsolutePath();
        List<Path> created = new ArrayList<>();
        try {
            BasicFileAttributes attrs = attributes(abs, true);
            if (attrs == null) {
                if (attributes(abs, false) != null) {
                    throw new RootfsException(null, abs + ": is a dangling symbolic link", null);
                }
                Path parent = abs.getParent();
                if (parent == null || abs.getFileName() == null) {
                    throw new RootfsException(null, abs + ": cannot be a target", null);
                }
                createParents(parent, created);
                Path destination = parent.toRealPath().resolve(abs.getFileName());
                return new Target(destination, partialSibling(destination), false, created);
            }
            if (!attrs.isDirectory()) {
                throw new RootfsException(null, abs + ": exists and is not a directory", null);
            }
            Path real = abs.toRealPath();
            boolean empty;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(real)) {
                empty = !entries.iterator().hasNext();
            }
            if (!empty && !overwrite) {
                throw new RootfsException(null, real + ": exists and is not empty"
                        + " (extracting over it needs overwrite)", null);
            }
            Path parent = real.getParent();
            if (empty && parent != null && sameDevice(real, parent)) {
                return new Target(real, partialSibling(real), false, List.of());
            }
            Path marker = real.resolve(RootfsExtractor.INCOMPLETE_MARKER);
            Files.deleteIfExists(marker);
            Files.writeString(marker, "jrunc is extracting into this directory (pid "
                    + ProcessHandle.current().pid() + "); it is incomplete while this file exists\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            return new Target(real, real, true, List.of());
        } catch (RootfsException e) {
            removeCreated(created, e);
            throw e;
        } catch (IOException e) {
            RootfsException failure = new RootfsException(null, abs + ": " + Errors.reason(e), e);
            removeCreated(created, failure);
            throw failure;
        }
    }

    /**
     * Creates the missing directories of a path, like {@code mkdir -p}, noting which it created.
     *
     * @param dir the directory to create with its missing parents
     * @param created where to add what this created, outermost first
     * @throws IOException if one cannot be created
     */
    private static void createParents(Path dir, List<Path> created) throws IOException {
        ArrayDeque<Path> missing = new ArrayDeque<>();
        for (Path p = dir; p != null && attributes(p, true) == null; p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Removes the parent directories this extraction created, innermost first, as long as they
     * are empty (something else may have been put there meanwhile: that stays, with its parents).
     */
    private static void removeCreated(List<Path> created, Throwable failure) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
                return;
            }
        }
    }

    /**
     * Publishes the extracted tree.
     *
     * @throws IOException if the rename or the marker removal fails
     */
    void commit() throws IOException {
        if (inPlace) {
            Files.delete(root.resolve(RootfsExtractor.INCOMPLETE_MARKER));
        } else {
            Files.move(root, destination, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Cleans up after a failure: deletes the partial tree and the parent directories that
     * {@link #prepare} created, if still empty (an in-place target keeps its marker).
     *
     * @param failure the failure, to which cleanup problems are added as suppressed
     */
    void abort(Throwable failure) {
        if (!inPlace) {
            try {
                FileTrees.deleteTree(root);
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
                return;
            }
            removeCreated(createdParents, failure);
        }
    }

    private static Path partialSibling(Path destination) throws IOException {
        String name = Objects.requireNonNull(destination.getFileName()).toString();
        return Files.createTempDirectory(destination.getParent(), "." + name + ".jrunc-partial-", PRIVATE_DIR);
    }

    private static BasicFileAttributes attributes(Path path, boolean follow) throws IOException {
        try {
            return follow ? Files.readAttributes(path, BasicFileAttributes.class)
                    : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static boolean sameDevice(Path a, Path b) {
        try {
            return Files.getAttribute(a, "unix:dev").equals(Files.getAttribute(b, "unix:dev"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
