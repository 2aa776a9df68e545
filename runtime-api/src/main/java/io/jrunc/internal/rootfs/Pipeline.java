package io.jrunc.internal.rootfs;

import static io.jrunc.internal.rootfs.Errors.reason;

import io.jrunc.rootfs.RootfsException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Reads the archive on the caller's thread while one writer thread applies the entries, strictly
 * in archive order, so that decompression and tar parsing overlap with file-system work.
 *
 * <p>File content is copied into direct 1 MiB slabs (many small files share one; the writer hands
 * them to {@code write} without another copy) from a pool of eight, so at most 8 MiB is in flight
 * whatever the archive. Items go over in batches, to keep thread
 * hand-offs rare. A failure on either side stops both; the reader's failure is reported first (the
 * writer then only sees that the data stopped).
 */
final class Pipeline {
    private static final int SLAB_SIZE = 1 << 20;
    private static final int SLABS = 8;
    private static final int MIN_SPACE = 16 << 10;
    private static final int BATCH = 1024;
    private static final int BATCHES = 16;

    /** An entry header; for a file with content, chunks and an {@link End} follow. */
    private record Header(TarArchiveEntry entry, boolean readable, Map<String, byte[]> rawXattrs) { }

    /** Content of the current entry. */
    private record Chunk(ByteBuffer content) { }

    /** The end of an entry, with how much of the archive had been read. */
    private record End(long bytesRead) { }

    /** No chunk after this one refers to the slab: the writer may recycle it. */
    private record SlabDone(ByteBuffer slab) { }

    /** The last batch: the reader is done, normally or because it or the writer failed. */
    private static final List<Object> FINISHED = List.of();

    private final BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<ByteBuffer> pool = new ArrayBlockingQueue<>(SLABS);
    private final Unpacker unpacker;
    private volatile Throwable writerFailure;

    // reader state
    private int allocated;
    private List<Object> batch = new ArrayList<>(BATCH);
    private final byte[] scratch = new byte[SLAB_SIZE];
    private ByteBuffer slab;
    private int slabUsed;

    // writer state
    private List<Object> current = List.of();
    private int index;
    private boolean finished;

    Pipeline(Unpacker unpacker) {
        this.unpacker = unpacker;
    }

    /**
     * Extracts every entry.
     *
     * @param archive the archive
     * @throws RootfsException on the first failure, reader's or writer's
     */
    void run(ArchiveReader archive) throws RootfsException {
        Thread writer = new Thread(this::write, "jrunc-rootfs-writer");
        writer.setDaemon(true);
        writer.start();
        Throwable readerFailure = null;
        try {
            read(archive);
            flush(null);
        } catch (Throwable t) {
            readerFailure = t;
        }
        boolean interrupted = false;
        while (true) {
            try {
                while (!queue.offer(FINISHED, 100, TimeUnit.MILLISECONDS)) {
                    if (!writer.isAlive()) {
                        break;
                    }
                }
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable failure = readerFailure != null ? readerFailure : writerFailure;
        if (failure == null) {
            return;
        }
        if (failure instanceof RootfsException) {
            throw (RootfsException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw new RootfsException(null, reason(failure), failure);
    }

    // ---- the reader, on the caller's thread -------------------------------------------------

    private void read(ArchiveReader archive) throws IOException {
        while (writerFailure == null) {
            TarArchiveEntry e = archive.next();
            if (e == null) {
                archive.finish();
                return;
            }
            String name = e.getName();
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw interrupted(name);
            }
            boolean readable = archive.canReadEntryData(e);
            add(new Header(e, readable, archive.rawXattrs()), name);
            if (Unpacker.hasContent(e, readable)) {
                while (true) {
                    if (slab == null || SLAB_SIZE - slabUsed < MIN_SPACE) {
                        if (!nextSlab(name)) {
                            return;
                        }
                    }
                    int space = SLAB_SIZE - slabUsed;
                    int n = archive.readContent(scratch, 0, space);
                    if (n > 0) {
                        slab.put(slabUsed, scratch, 0, n);
                        add(new Chunk(slab.slice(slabUsed, n)), name);
                        slabUsed += n;
                    }
                    if (n < space) {
                        break;
                    }
                }
            }
            add(new End(archive.position()), name);
        }
    }

    /** Retires the current slab and takes a free one; false if the writer failed meanwhile. */
    private boolean nextSlab(String name) throws RootfsException {
        if (slab != null) {
            add(new SlabDone(slab), name);
            slab = null;
        }
        ByteBuffer next = pool.poll();
        if (next == null && allocated < SLABS) {
            allocated++;
            next = ByteBuffer.allocateDirect(SLAB_SIZE);
        }
        if (next == null) {
            flush(name); // the writer recycles only what it has received
            try {
                while (next == null && writerFailure == null) {
                    next = pool.poll(100, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                throw interrupted(name);
            }
        }
        slab = next;
        slabUsed = 0;
        return next != null;
    }

    private void add(Object item, String name) throws RootfsException {
        batch.add(item);
        if (batch.size() >= BATCH || item instanceof SlabDone) {
            flush(name);
        }
    }

    private void flush(String name) throws RootfsException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            while (writerFailure == null) {
                if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    batch = new ArrayList<>(BATCH);
                    return;
                }
            }
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw interrupted(name);
        }
    }

    private static RootfsException interrupted(String name) {
        return new RootfsException(name, name + ": interrupted", new InterruptedIOException());
    }

    // ---- the writer ---------------------------------------------------------------------------

    private void write() {
        try {
            while (true) {
                Object item = next();
                if (item instanceof SlabDone) {
                    pool.offer(((SlabDone) item).slab());
                    continue;
                }
                Header header = (Header) item;
                Content content = new Content();
                unpacker.apply(header.entry(), header.readable(), header.rawXattrs(), content);
                long bytesRead = content.drain();
                unpacker.done(header.entry().getName(), bytesRead);
            }
        } catch (Finished f) {
            // all entries applied
        } catch (Throwable t) {
            writerFailure = t;
            drain();
        }
    }

    /** The next item from the reader, or {@link Finished} when it stopped. */
    private Object next() throws InterruptedException, Finished {
        while (index >= current.size()) {
            if (finished) {
                throw new Finished();
            }
            current = queue.take();
            index = 0;
            if (current == FINISHED) {
                finished = true;
            }
        }
        return current.get(index++);
    }

    /** After a failure: recycle what the reader still sends until it stops. */
    private void drain() {
        try {
            while (true) {
                Object item = next();
                if (item instanceof SlabDone) {
                    pool.offer(((SlabDone) item).slab());
                }
            }
        } catch (Finished | InterruptedException e) {
            // done
        }
    }

    /** Signals that the reader stopped sending. */
    private static final class Finished extends Exception {
        private static final long serialVersionUID = 1L;

        Finished() {
            super(null, null, false, false);
        }
    }

    /** The current entry's content, as it arrives from the reader. */
    private final class Content implements Unpacker.Content {
        private long bytesRead = -1;

        @Override
        public long transferTo(NativeFs.Handle out) throws IOException {
            long written = 0;
            while (bytesRead < 0) {
                Object item = nextOfEntry();
                if (item instanceof Chunk) {
                    ByteBuffer content = ((Chunk) item).content();
                    written += content.remaining();
                    out.write(content);
                }
            }
            return written;
        }

        /** Skips content the entry did not use; returns the archive position at its end. */
        long drain() throws IOException {
            while (bytesRead < 0) {
                nextOfEntry();
            }
            return bytesRead;
        }

        private Object nextOfEntry() throws IOException {
            Object item;
            try {
                item = next();
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            } catch (Finished e) {
                throw new IOException("reading the archive stopped");
            }
            if (item instanceof End) {
                bytesRead = ((End) item).bytesRead();
            } else if (item instanceof SlabDone) {
                pool.offer(((SlabDone) item).slab());
            }
            return item;
        }
    }
}
