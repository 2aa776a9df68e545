package io.jrunc.internal.rootfs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from a stream, and remembers whether it ended or failed (so that a
 * failure above it can be told apart: a truncated or corrupt layer, or the stream itself).
 * Not thread-safe.
 */
class CountingInputStream extends FilterInputStream {
    private long count;
    private boolean ended;
    private IOException failure;

    CountingInputStream(InputStream in) {
        super(in);
    }

    /** @return the bytes read so far */
    final long count() {
        return count;
    }

    /** @return whether a read reached the end of the stream */
    final boolean ended() {
        return ended;
    }

    /** @return what the stream threw, or null */
    final IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (b >= 0) {
            count++;
        } else {
            ended = true;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (n > 0) {
            count += n;
        } else if (n < 0) {
            ended = true;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped;
        try {
            skipped = in.skip(n);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (skipped > 0) {
            count += skipped;
        }
        return skipped;
    }

    /**
     * Returns 0: buffering layers use this only as a hint, and asking a file channel costs two
     * system calls per archive entry.
     */
    @Override
    public int available() {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
        // the caller owns the underlying stream
    }
}
