package io.jrunc.internal.rootfs;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** Turns exceptions into the short reasons used in messages ({@code "No space left on device"}). */
final class Errors {
    private Errors() {
    }

    /**
     * Returns why something failed, without the path (messages name the archive entry instead).
     *
     * @param e the failure
     * @return a short reason, like {@code strerror} gives
     */
    static String reason(Throwable e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof NotLinkException) {
            return "Not a symbolic link";
        }
        if (e instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links";
        }
        if (e instanceof InvalidPathException ipe) {
            return "invalid name: " + ipe.getReason();
        }
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
    }

    /**
     * Quotes a name for a message.
     *
     * @param name the name
     * @return the name in double quotes
     */
    static String quote(String name) {
        return '"' + name + '"';
    }
}
