package io.gankit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * Writes files so that a reader, or a run killed half-way, sees the old file or the new one and
 * never a partial one: the bytes go to a temporary file in the same folder, then a rename.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically from {@code writer}. */
    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp = tempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try (OutputStream out =
                        new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                    writer.write(out);
                }
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    /**
     * A new empty file {@code dir/prefix<random>suffix} with the permissions the user's umask gives
     * any new file. {@link Files#createTempFile} would make it readable by its owner alone (0600),
     * and the rename keeps that: a teacher could not share a run folder with a class.
     */
    public static Path tempFile(Path dir, String prefix, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate =
                    dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** A new empty folder {@code dir/prefix<random>} with the umask's permissions (see {@link #tempFile}). */
    public static Path tempDirectory(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36));
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Renames {@code from} to {@code to}, atomically where the file system can. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
