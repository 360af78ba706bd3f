package io.gankit.data;

import io.gankit.BadInputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of the IDX format of MNIST and Fashion-MNIST (big-endian header, then unsigned bytes),
 * plain or gzip-compressed (recognised by its magic bytes, not its name).
 */
public final class Idx {
    /** Magic number of an image file: unsigned bytes, three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    /** The largest count accepted, far above any real set, so a corrupt header cannot ask for 8 GB. */
    private static final int MAX_ITEMS = 10_000_000;

    private Idx() {}

    /** The images of an IDX3 file, as {@code count x rows x cols} bytes. */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw BadInputException.of(
                        file,
                        String.format("magic number 0x%08X", magic),
                        String.format("0x%08X (IDX images)", IMAGES_MAGIC)
                                + (magic == LABELS_MAGIC ? "; this is a label file" : ""));
            }
            int count = readHeaderInt(in, file, "image count");
            int rows = readHeaderInt(in, file, "row count");
            int cols = readHeaderInt(in, file, "column count");
            if (count < 0
                    || count > MAX_ITEMS
                    || rows <= 0
                    || cols <= 0
                    || rows > 4096
                    || cols > 4096
                    || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw BadInputException.of(
                        file,
                        "header " + count + " images of " + rows + "x" + cols,
                        "a positive image size and a count a memory can hold");
            }
            byte[] pixels = new byte[count * rows * cols];
            readFully(in, pixels, file, count + " images of " + rows + "x" + cols);
            expectEnd(in, file);
            return new Images(pixels, count, rows, cols);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The labels of an IDX1 file; each must be below {@code classes}. */
    public static int[] readLabels(Path file, int classes) {
        try (DataInputStream in = open(file)) {
            int magic = readHeaderInt(in, file, "magic number");
            if (magic != LABELS_MAGIC) {
                throw BadInputException.of(
                        file,
                        String.format("magic number 0x%08X", magic),
                        String.format("0x%08X (IDX labels)", LABELS_MAGIC)
                                + (magic == IMAGES_MAGIC ? "; this is an image file" : ""));
            }
            int count = readHeaderInt(in, file, "label count");
            if (count < 0 || count > MAX_ITEMS) {
                throw BadInputException.of(file, "label count " + count, "0.." + MAX_ITEMS);
            }
            byte[] raw = new byte[count];
            readFully(in, raw, file, count + " labels");
            expectEnd(in, file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= classes) {
                    throw BadInputException.of(
                            file,
                            "label " + labels[i] + " at index " + i,
                            "a class in 0.." + (classes - 1));
                }
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Pixels of an IDX3 file. */
    public record Images(byte[] pixels, int count, int rows, int cols) {}

    /** Opens a file, through gzip when it starts with the gzip magic bytes. */
    static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static int readHeaderInt(DataInputStream in, Path file, String what)
            throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw BadInputException.of(
                    file, "end of file in the header (reading the " + what + ")", "an IDX header");
        }
    }

    private static void readFully(DataInputStream in, byte[] into, Path file, String what)
            throws IOException {
        int done = 0;
        while (done < into.length) {
            int n = in.read(into, done, into.length - done);
            if (n < 0) {
                throw BadInputException.of(
                        file,
                        "truncated: " + done + " of " + into.length + " data bytes",
                        what + " as the header says");
            }
            done += n;
        }
    }

    private static void expectEnd(DataInputStream in, Path file) throws IOException {
        if (in.read() >= 0) {
            throw BadInputException.of(
                    file, "bytes after the last item", "the file to end where its header says");
        }
    }

    static BadInputException unreadable(Path file, IOException e) {
        String why = e instanceof ZipException || e instanceof EOFException
                ? "corrupt or truncated gzip data (" + e.getMessage() + ")"
                : e.toString();
        return BadInputException.of(file, why, "a readable file");
    }
}
