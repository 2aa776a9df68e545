package io.jrunc.internal.rootfs;

import static io.jrunc.internal.rootfs.Errors.quote;
import static io.jrunc.internal.rootfs.Errors.reason;

import io.jrunc.internal.rootfs.Node.Dir;
import io.jrunc.internal.rootfs.Node.DirMeta;
import io.jrunc.internal.rootfs.Node.Leaf;
import io.jrunc.internal.rootfs.Node.Link;
import io.jrunc.rootfs.ExtractionListener;
import io.jrunc.rootfs.ExtractionResult;
import io.jrunc.rootfs.RootfsException;
import io.jrunc.rootfs.RootfsExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Applies archive entries to the tree under a root, resolving every name inside the root (see the
 * rules in {@link io.jrunc.rootfs}). One per extraction, used by one thread at a time (the
 * {@link Pipeline}'s writer, then the caller for {@link #finish()}).
 */
final class Unpacker {
    /** Symlinks followed in one resolution before giving up, as the kernel's MAXSYMLINKS. */
    static final int MAX_SYMLINKS = 40;

    private static final String LIBARCHIVE_XATTR = "LIBARCHIVE.xattr.";
    private static final long MAX_ID = 0xFFFF_FFFEL;

    private enum Type {
        DIRECTORY("directory"), FILE("regular file"), SYMLINK("symbolic link"), HARD_LINK("hard link"),
        FIFO("FIFO"), CHAR_DEVICE("character device"), BLOCK_DEVICE("block device"), OTHER("entry");

        final String label;

        Type(String label) {
            this.label = label;
        }

        static Type of(TarArchiveEntry e) {
            if (e.isSymbolicLink()) {
                return SYMLINK;
            }
            if (e.isLink()) {
                return HARD_LINK;
            }
            if (e.isCharacterDevice()) {
                return CHAR_DEVICE;
            }
            if (e.isBlockDevice()) {
                return BLOCK_DEVICE;
            }
            if (e.isFIFO()) {
                return FIFO;
            }
            if (e.isDirectory()) {
                return DIRECTORY;
            }
            switch (e.getLinkFlag()) {
                case TarConstants.LF_NORMAL:
                case TarConstants.LF_OLDNORM:
                case TarConstants.LF_CONTIG:
                case TarConstants.LF_GNUTYPE_SPARSE:
                    return FILE;
                default:
                    return OTHER;
            }
        }
    }

    private final Dir root;
    private final NativeFs fs;
    private final boolean preserveOwners;
    private final boolean strictOwners;
    private final boolean canMknod;
    private final ExtractionListener listener;
    private final long totalBytes;
    private final ArrayList<Dir> stack = new ArrayList<>();
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private final List<ExtractionResult.Skipped> skipped = new ArrayList<>();
    private final Set<String> skippedPaths = new HashSet<>();

    private long entries;
    private long bytes;
    /** The raw xattr records of the entry being applied. */
    private Map<String, byte[]> rawXattrs = Map.of();
    private long recordedCount;

    Unpacker(Target target, NativeFs fs, boolean preserveOwners, boolean strictOwners,
            ExtractionListener listener, long totalBytes) {
        this.root = new Dir(target.root, "", !target.inPlace);
        if (!target.inPlace) {
            root.meta = DirMeta.IMPLICIT;
        }
        this.fs = fs;
        this.preserveOwners = preserveOwners;
        this.strictOwners = strictOwners;
        this.canMknod = fs.canCreateSpecialFiles() && fs.canMknod();
        this.listener = listener;
        this.totalBytes = totalBytes;
    }

    long entries() {
        return entries;
    }

    long bytes() {
        return bytes;
    }

    List<ExtractionResult.Skipped> skipped() {
        return skipped;
    }

    /** The content of the current entry, handed over by the archive reader. */
    interface Content {
        /**
         * Writes the rest of the entry's content.
         *
         * @param out where to write
         * @return the number of bytes written
         * @throws IOException if writing fails, or reading the archive failed
         */
        long transferTo(NativeFs.Handle out) throws IOException;
    }

    /**
     * Tells whether an entry has content to extract (a regular file the tar reader can read).
     *
     * @param e the entry
     * @param readable whether the reader can read its data
     * @return whether its content should be handed over
     */
    static boolean hasContent(TarArchiveEntry e, boolean readable) {
        return readable && Type.of(e) == Type.FILE;
    }

    /**
     * Applies one archive entry.
     *
     * @param e the entry
     * @param readable whether the tar reader can read its data
     * @param rawXattrs its {@code SCHILY.xattr.*} PAX records as archived (see {@link TarReader})
     * @param content its content, for a regular file
     * @throws RootfsException naming the entry, on failure
     */
    void apply(TarArchiveEntry e, boolean readable, Map<String, byte[]> rawXattrs, Content content)
            throws RootfsException {
        String name = e.getName();
        entries++;
        this.rawXattrs = rawXattrs;
        try {
            unpack(e, name, readable, content);
        } catch (RootfsException x) {
            throw x;
        } catch (IOException | UncheckedIOException | InvalidPathException | UnsupportedOperationException x) {
            throw new RootfsException(name, name + ": " + reason(x), x);
        }
    }

    /**
     * Reports an applied entry to the listener.
     *
     * @param name the entry name
     * @param bytesRead archive bytes read when the entry ended
     * @throws RootfsException if the listener throws (cancellation)
     */
    void done(String name, long bytesRead) throws RootfsException {
        try {
            listener.entryDone(name, entries, bytesRead, totalBytes);
        } catch (RuntimeException x) {
            throw new RootfsException(name, name + ": extraction cancelled by the listener: " + x, x);
        }
    }

    private void unpack(TarArchiveEntry e, String name, boolean readable, Content content) throws IOException {
        List<String> components = EntryNames.clean(name);
        if (components == null) {
            throw refused(name, "path escapes the root");
        }
        Type type = Type.of(e);
        if (type == Type.OTHER) {
            skip(name, EntryNames.join(components), "unsupported entry type '" + (char) e.getLinkFlag() + "'");
            return;
        }
        if (components.isEmpty()) {
            if (type != Type.DIRECTORY) {
                throw refused(name, "cannot replace the root directory with a " + type.label);
            }
            updateDirectory(root, e, name);
            return;
        }
        int last = components.size() - 1;
        String leaf = components.get(last);
        Dir parent = resolveDirectory(components, last, true, name);
        String rel = parent.childRel(leaf);
        if (parent == root && leaf.equals(RootfsExtractor.INCOMPLETE_MARKER)) {
            skip(name, rel, "reserved name");
            return;
        }
        Node existing = lookup(parent, leaf);
        Path path = parent.path.resolve(leaf);
        switch (type) {
            case DIRECTORY: {
                Dir dir;
                if (existing instanceof Dir) {
                    dir = (Dir) existing;
                } else {
                    remove(parent, leaf, existing);
                    dir = mkdir(parent, leaf);
                }
                updateDirectory(dir, e, name);
                return;
            }
            case FILE: {
                if (!readable) {
                    skip(name, rel, "unsupported file encoding in the archive");
                    return;
                }
                remove(parent, leaf, existing);
                Leaf file = new Leaf();
                try (NativeFs.Handle out = fs.createFile(path)) {
                    parent.children.put(leaf, file);
                    bytes += content.transferTo(out);
                    applyMetadata(out, file, e, name);
                }
                return;
            }
            case SYMLINK: {
                String target = e.getLinkName();
                remove(parent, leaf, existing);
                fs.symlink(target, path);
                Link link = new Link(target);
                parent.children.put(leaf, link);
                applyMetadata(fs.at(path, true), link, e, name);
                return;
            }
            case HARD_LINK:
                hardLink(e, name, parent, leaf, existing);
                return;
            case FIFO:
            case CHAR_DEVICE:
            case BLOCK_DEVICE:
                special(e, name, type, parent, leaf, existing);
                return;
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private void hardLink(TarArchiveEntry e, String name, Dir parent, String leaf, Node existing) throws IOException {
        String target = e.getLinkName();
        String context = name + ": hard link target " + quote(target);
        List<String> components = EntryNames.clean(target);
        if (components == null) {
            throw new RootfsException(name, context + " escapes the root", null);
        }
        if (components.isEmpty()) {
            throw new RootfsException(name, context + " is the root directory", null);
        }
        int last = components.size() - 1;
        String targetLeaf = components.get(last);
        Dir targetParent = resolveDirectory(components, last, false, context);
        Node node = targetParent == null ? null : lookup(targetParent, targetLeaf);
        if (targetParent == root && targetLeaf.equals(RootfsExtractor.INCOMPLETE_MARKER)) {
            node = null;
        }
        if (node == null) {
            String targetRel = targetParent == null ? EntryNames.join(components) : targetParent.childRel(targetLeaf);
            if (skippedPaths.contains(targetRel)) {
                skip(name, parent.childRel(leaf), "hard link to " + quote(target) + ", which was skipped");
                return;
            }
            throw new RootfsException(name, context + " does not exist", null);
        }
        if (node instanceof Dir) {
            throw new RootfsException(name, context + " is a directory", null);
        }
        if (node == existing) {
            return;
        }
        Path targetPath = targetParent.path.resolve(targetLeaf);
        remove(parent, leaf, existing);
        Files.createLink(parent.path.resolve(leaf), targetPath);
        parent.children.put(leaf, node);
    }

    private void special(TarArchiveEntry e, String name, Type type, Dir parent, String leaf, Node existing)
            throws IOException {
        String rel = parent.childRel(leaf);
        String what = type == Type.FIFO ? type.label
                : type.label + " " + e.getDevMajor() + ":" + e.getDevMinor();
        if (!fs.canCreateSpecialFiles()) {
            skip(name, rel, what + " not created: needs the native support of jrunc's Linux runtime");
            return;
        }
        if (type != Type.FIFO && !canMknod) {
            skip(name, rel, what + " not created: needs CAP_MKNOD");
            return;
        }
        remove(parent, leaf, existing);
        Path path = parent.path.resolve(leaf);
        try {
            if (type == Type.FIFO) {
                fs.mkfifo(path, 0600);
            } else {
                fs.mknod(path, type == Type.CHAR_DEVICE ? NativeFs.S_IFCHR : NativeFs.S_IFBLK, 0600,
                        e.getDevMajor(), e.getDevMinor());
            }
        } catch (AccessDeniedException x) {
            skip(name, rel, what + " not created: " + reason(x));
            return;
        }
        Leaf node = new Leaf();
        parent.children.put(leaf, node);
        applyMetadata(fs.at(path, false), node, e, name);
    }

    // ---- resolution -------------------------------------------------------------------------

    /**
     * Resolves the first {@code count} components to a directory inside the root, following
     * symlinks as if the root were {@code /}.
     *
     * @param components the cleaned components of a name
     * @param count how many of them name the directory
     * @param create whether to create missing directories (else return null when one is missing)
     * @param context what is being resolved, to start error messages with
     * @return the directory, or null when missing and not created
     * @throws IOException if a component is not a directory, links loop, or a lookup fails
     */
    private Dir resolveDirectory(List<String> components, int count, boolean create, String context)
            throws IOException {
        ArrayList<Dir> stack = this.stack;
        ArrayDeque<String> pending = this.pending;
        stack.clear();
        pending.clear();
        stack.add(root);
        for (int i = 0; i < count; i++) {
            pending.addLast(components.get(i));
        }
        Dir current = root;
        int links = 0;
        String c;
        while ((c = pending.pollFirst()) != null) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (stack.size() > 1) {
                    stack.remove(stack.size() - 1);
                    current = stack.get(stack.size() - 1);
                }
                continue;
            }
            Node node = lookup(current, c);
            if (node == null) {
                if (!create) {
                    return null;
                }
                Dir dir = mkdir(current, c);
                dir.meta = DirMeta.IMPLICIT;
                node = dir;
            }
            if (node instanceof Dir) {
                current = (Dir) node;
                stack.add(current);
            } else if (node instanceof Link) {
                if (++links > MAX_SYMLINKS) {
                    throw new RootfsException(context, context + ": too many levels of symbolic links", null);
                }
                String target = ((Link) node).target;
                if (target.startsWith("/")) {
                    stack.clear();
                    stack.add(root);
                    current = root;
                }
                int end = target.length();
                while (end > 0) {
                    int slash = target.lastIndexOf('/', end - 1);
                    if (end - slash > 1) {
                        pending.addFirst(target.substring(slash + 1, end));
                    }
                    end = slash < 0 ? 0 : slash;
                }
            } else {
                throw new RootfsException(context, context + ": " + quote(current.childRel(c))
                        + " is not a directory", null);
            }
        }
        return current;
    }

    private Node lookup(Dir dir, String name) throws IOException {
        Node node = dir.children.get(name);
        if (node != null) {
            return node == Leaf.ABSENT ? null : node;
        }
        if (dir.complete) {
            return null;
        }
        Path path = dir.path.resolve(name);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            dir.children.put(name, Leaf.ABSENT);
            return null;
        }
        if (attrs.isDirectory()) {
            node = new Dir(path, dir.childRel(name), false);
        } else if (attrs.isSymbolicLink()) {
            node = new Link(Files.readSymbolicLink(path).toString());
        } else {
            node = new Leaf();
        }
        dir.children.put(name, node);
        return node;
    }

    private Dir mkdir(Dir parent, String name) throws IOException {
        Path path = parent.path.resolve(name);
        Files.createDirectory(path, Target.PRIVATE_DIR);
        Dir dir = new Dir(path, parent.childRel(name), true);
        parent.children.put(name, dir);
        return dir;
    }

    private void remove(Dir parent, String name, Node existing) throws IOException {
        if (existing == null) {
            return;
        }
        Path path = parent.path.resolve(name);
        if (existing instanceof Dir) {
            FileTrees.deleteTree(path);
        } else {
            Files.deleteIfExists(path);
        }
        if (parent.complete) {
            parent.children.remove(name);
        } else {
            parent.children.put(name, Leaf.ABSENT);
        }
    }

    // ---- contents and metadata --------------------------------------------------------------

    private void updateDirectory(Dir dir, TarArchiveEntry e, String name) throws IOException {
        NativeFs.Handle handle = fs.at(dir.path, false);
        boolean kept = applyOwner(handle, dir, e, name);
        applyXattrs(handle, e, rawXattrs, name);
        dir.meta = new DirMeta(mode(e, kept), e.getLastModifiedTime());
    }

    /** Owner, extended attributes, time, then mode (chown clears setuid; chmod must come after). */
    private void applyMetadata(NativeFs.Handle handle, Node node, TarArchiveEntry e, String name)
            throws IOException {
        boolean kept = applyOwner(handle, node, e, name);
        applyXattrs(handle, e, rawXattrs, name);
        FileTime mtime = e.getLastModifiedTime();
        if (mtime != null) {
            handle.setMtime(mtime);
        }
        handle.chmod(mode(e, kept));
    }

    private static int mode(TarArchiveEntry e, boolean ownerKept) {
        int mode = e.getMode() & 07777;
        return ownerKept ? mode : mode & ~06000;
    }

    /** Applies the archive's owner, or records it; returns whether it was applied. */
    private boolean applyOwner(NativeFs.Handle handle, Node node, TarArchiveEntry e, String name)
            throws IOException {
        long uid = e.getLongUserId();
        long gid = e.getLongGroupId();
        if (uid < 0 || uid > MAX_ID || gid < 0 || gid > MAX_ID) {
            throw new RootfsException(name, name + ": invalid owner " + uid + ":" + gid, null);
        }
        if (preserveOwners) {
            try {
                handle.chown(uid, gid);
                node.recorded = null;
                return true;
            } catch (IOException x) {
                if (strictOwners) {
                    throw new RootfsException(name, name + ": cannot set owner " + uid + ":" + gid + ": "
                            + reason(x), x);
                }
            }
        }
        node.recorded = new ExtractionResult.Ownership(uid, gid, e.getMode() & 07777);
        recordedCount++;
        return false;
    }

    /**
     * Sets the extended attributes the entry's PAX headers carry: {@code SCHILY.xattr.NAME} (GNU
     * tar, star, Go) with raw values, {@code LIBARCHIVE.xattr.NAME} (bsdtar) with base64 values.
     * Raw values come from {@code raw}, the bytes as archived, when they decode to what
     * commons-compress reports (which decodes every value as UTF-8 and so loses binary ones).
     */
    private void applyXattrs(NativeFs.Handle handle, TarArchiveEntry e, Map<String, byte[]> raw, String name) {
        Map<String, String> headers = e.getExtraPaxHeaders();
        if (headers.isEmpty()) {
            return;
        }
        TreeMap<String, byte[]> xattrs = new TreeMap<>();
        TreeMap<String, String> undecodable = new TreeMap<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String key = h.getKey();
            if (key.startsWith(TarReader.SCHILY_XATTR)) {
                String attr = key.substring(TarReader.SCHILY_XATTR.length());
                String value = h.getValue();
                byte[] bytes = raw.get(key);
                if (bytes != null && new String(bytes, StandardCharsets.UTF_8).equals(value)) {
                    xattrs.put(attr, bytes);
                } else if (value.indexOf('\uFFFD') >= 0) {
                    undecodable.put(attr, "its binary value was lost decoding the archive");
                } else {
                    xattrs.put(attr, value.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String key = h.getKey();
            if (key.startsWith(LIBARCHIVE_XATTR)) {
                try {
                    String attr = URLDecoder.decode(key.substring(LIBARCHIVE_XATTR.length()), StandardCharsets.UTF_8);
                    xattrs.put(attr, Base64.getDecoder().decode(h.getValue().trim()));
                    undecodable.remove(attr);
                } catch (IllegalArgumentException x) {
                    undecodable.put(key, "bad encoding: " + x.getMessage());
                }
            }
        }
        for (Map.Entry<String, String> u : undecodable.entrySet()) {
            skipped.add(new ExtractionResult.Skipped(name, "xattr " + u.getKey() + " not set: " + u.getValue()));
        }
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            try {
                handle.setXattr(x.getKey(), x.getValue());
            } catch (IOException | UnsupportedOperationException ex) {
                skipped.add(new ExtractionResult.Skipped(name, "xattr " + x.getKey() + " not set: " + reason(ex)));
            }
        }
    }

    private void skip(String name, String rel, String reason) {
        skipped.add(new ExtractionResult.Skipped(name, reason));
        skippedPaths.add(rel);
    }

    private static RootfsException refused(String name, String why) {
        return new RootfsException(name, name + ": " + why, null);
    }

    // ---- the end ----------------------------------------------------------------------------

    /**
     * Sets the deferred directory modes and times, deepest first.
     *
     * @throws RootfsException naming the directory, if that fails
     */
    void finish() throws RootfsException {
        List<Dir> dirs = directories();
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Dir dir = dirs.get(i);
            DirMeta meta = dir.meta;
            if (meta == null) {
                continue;
            }
            try {
                if (meta.mtime() != null) {
                    fs.setMtime(dir.path, meta.mtime(), false);
                }
                fs.chmod(dir.path, meta.mode());
            } catch (IOException | RuntimeException x) {
                String rel = dir.rel.isEmpty() ? "." : dir.rel;
                throw new RootfsException(rel, rel + ": " + reason(x), x);
            }
        }
    }

    /**
     * Collects the ownership that was recorded instead of applied.
     *
     * @return path relative to the root ({@code "."} for the root) to recorded owner and mode
     */
    Map<String, ExtractionResult.Ownership> recordedOwnership() {
        TreeMap<String, ExtractionResult.Ownership> map = new TreeMap<>();
        if (recordedCount == 0) {
            return map;
        }
        if (root.recorded != null) {
            map.put(".", root.recorded);
        }
        for (Dir dir : directories()) {
            for (Map.Entry<String, Node> child : dir.children.entrySet()) {
                Node node = child.getValue();
                if (node != Leaf.ABSENT && node.recorded != null) {
                    map.put(dir.childRel(child.getKey()), node.recorded);
                }
            }
        }
        return map;
    }

    /** All directories reachable from the root, parents before children. */
    private List<Dir> directories() {
        List<Dir> order = new ArrayList<>();
        ArrayDeque<Dir> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Dir dir = todo.pop();
            order.add(dir);
            for (Node child : dir.children.values()) {
                if (child instanceof Dir) {
                    todo.push((Dir) child);
                }
            }
        }
        return order;
    }
}
