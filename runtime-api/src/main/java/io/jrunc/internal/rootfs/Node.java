package io.jrunc.internal.rootfs;

import io.jrunc.rootfs.ExtractionResult;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;

/**
 * The extractor's model of the tree under the root: what it created, and what it found there when
 * extracting over an existing directory. Resolving names against the model instead of the file
 * system avoids an {@code lstat} per path component, and is what makes resolution exact: every
 * {@link Dir} is a real directory inside the root, so a path built from directory nodes contains
 * no symlink.
 */
abstract sealed class Node permits Node.Dir, Node.Link, Node.Leaf {

    /** The owner and mode the archive asked for, when they were not applied; else null. */
    ExtractionResult.Ownership recorded;

    /** A real directory inside the root. */
    static final class Dir extends Node {
        /** The physical path: the root and directory names only, no symlink. */
        final Path path;
        /** The path relative to the root, {@code ""} for the root. */
        final String rel;
        /** The children known so far; {@link Leaf#ABSENT} marks a name known not to exist. */
        final HashMap<String, Node> children = new HashMap<>();
        /** Whether {@link #children} is the whole truth (the extractor created this directory). */
        final boolean complete;
        /** Mode and time to set at the end, or null to leave them. */
        DirMeta meta;

        Dir(Path path, String rel, boolean complete) {
            this.path = path;
            this.rel = rel;
            this.complete = complete;
        }

        String childRel(String name) {
            return rel.isEmpty() ? name : rel + "/" + name;
        }
    }

    /** A symlink; hard links to one share the node. */
    static final class Link extends Node {
        /** The target text. */
        final String target;

        Link(String target) {
            this.target = target;
        }
    }

    /** Anything else: regular file, FIFO, device node. Hard links share the node. */
    static final class Leaf extends Node {
        /** Marks a name known not to exist in an incompletely known directory. */
        static final Leaf ABSENT = new Leaf();
    }

    /**
     * Deferred directory metadata, applied after the directory's contents.
     *
     * @param mode the mode to set
     * @param mtime the modification time to set, or null to leave it
     */
    record DirMeta(int mode, FileTime mtime) {
        /** Directories created because an entry needed them: {@code rwxr-xr-x}, time left. */
        static final DirMeta IMPLICIT = new DirMeta(0755, null);
    }
}
