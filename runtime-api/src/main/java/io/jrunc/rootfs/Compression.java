package io.jrunc.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compression of an archive, as recognised from its first bytes (never from its file name).
 */
public enum Compression {
    /** No compression recognised: the bytes are read as a tar archive. */
    NONE,
    /** gzip ({@code 1f 8b}), including concatenated members. */
    GZIP,
    /** bzip2 ({@code "BZh"}), including concatenated streams. */
    BZIP2,
    /** xz ({@code fd "7zXZ" 00}), including concatenated streams. */
    XZ,
    /** Zstandard ({@code 28 b5 2f fd}), including concatenated frames. */
    ZSTD;

    /** The number of leading bytes that {@link #detect(InputStream)} looks at. */
    public static final int MAGIC_LENGTH = 6;

    /**
     * Recognises the compression of a stream from its first {@value #MAGIC_LENGTH} bytes without
     * consuming them: the stream is {@linkplain InputStream#mark(int) marked} and reset.
     *
     * @param in a stream that {@linkplain InputStream#markSupported() supports mark} (wrap it in a
     *     {@link java.io.BufferedInputStream} otherwise)
     * @return the compression, {@link #NONE} when no known signature matches
     * @throws IllegalArgumentException if the stream does not support mark
     * @throws IOException if reading fails
     */
    public static Compression detect(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("the stream must support mark/reset");
        }
        byte[] magic = new byte[MAGIC_LENGTH];
        in.mark(MAGIC_LENGTH);
        int n;
        try {
            n = in.readNBytes(magic, 0, MAGIC_LENGTH);
        } finally {
            in.reset();
        }
        return detect(magic, n);
    }

    /**
     * Recognises the compression of a file from its first {@value #MAGIC_LENGTH} bytes.
     *
     * @param file the archive
     * @return the compression, {@link #NONE} when no known signature matches
     * @throws IOException if the file cannot be read
     */
    public static Compression detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = new byte[MAGIC_LENGTH];
            return detect(magic, in.readNBytes(magic, 0, MAGIC_LENGTH));
        }
    }

    /**
     * Recognises the compression from leading bytes.
     *
     * @param magic the first bytes of the archive
     * @param length how many of them are valid
     * @return the compression, {@link #NONE} when no known signature matches
     */
    static Compression detect(byte[] magic, int length) {
        if (startsWith(magic, length, 0x1f, 0x8b)) {
            return GZIP;
        }
        if (startsWith(magic, length, 'B', 'Z', 'h')) {
            return BZIP2;
        }
        if (startsWith(magic, length, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return XZ;
        }
        if (startsWith(magic, length, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        return NONE;
    }

    private static boolean startsWith(byte[] bytes, int length, int... signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((bytes[i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
