package io.gankit.data;

import io.gankit.BadInputException;
import io.gankit.GankitException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of CIFAR-10 in its official binary version: files of 3,073-byte records, each one label
 * byte (0..9) then the 1,024 red, 1,024 green and 1,024 blue bytes of a 32x32 image, rows top to
 * bottom. That is exactly {@link ImageSet}'s channel-major layout, so pixels are copied unchanged.
 *
 * <p>Where the files are looked for, inside the data folder, first match wins:
 * <ol>
 *   <li>{@code cifar-10-batches-bin/}: the official archive, extracted ({@code data_batch_1.bin}
 *       ... {@code data_batch_5.bin}, {@code test_batch.bin}, {@code batches.meta.txt});</li>
 *   <li>{@code cifar-10-partial/}: the kit's shared copy, with each batch gzip-compressed
 *       ({@code data_batch_N.bin.gz}) and, for the test split, only
 *       {@code test_batch.first-1000-records.bin.gz}: the first 1,000 of the 10,000 official test
 *       records. The test split read from there therefore has 1,000 images, not 10,000;</li>
 *   <li>otherwise the official archive {@code cifar-10-binary.tar.gz} is downloaded (when the
 *       folder allows downloads), checked against its published SHA-256 and extracted safely into
 *       {@code cifar-10-batches-bin/} ({@link SafeTar}). The full test set comes only from this official download.</li>
 * </ol>
 * Every batch may be plain ({@code .bin}) or gzip-compressed ({@code .bin.gz}).
 */
public final class Cifar10 {
    /** Bytes per record: one label byte, then 3x32x32 pixel bytes. */
    public static final int RECORD_BYTES = 3073;
    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Training batches in the official release. */
    public static final int TRAIN_BATCHES = 5;
    /** Class names of labels 0..9, as in {@code batches.meta.txt}. */
    public static final List<String> CLASSES = List.of(
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck");

    /** The folder the official archive extracts to. */
    public static final String OFFICIAL_DIR = "cifar-10-batches-bin";
    /** The kit's shared partial copy (complete training set, first 1,000 test records). */
    public static final String PARTIAL_DIR = "cifar-10-partial";
    /** The first 1,000 official test records, under a name no loader mistakes for the full batch. */
    public static final String PARTIAL_TEST_FILE = "test_batch.first-1000-records.bin.gz";

    /** The official archive: its size is 170,052,171 bytes, its MD5 c32a1d4ab5d03f1284b67883e8d87530. */
    public static final RemoteFile ARCHIVE = new RemoteFile(
            "cifar-10-binary.tar.gz",
            List.of("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd");

    private static final int IMAGE_BYTES = RECORD_BYTES - 1;

    private Cifar10() {}

    /**
     * One split from the data folder, downloading and extracting the official archive when neither
     * folder layout is there (see the class comment for where it looks).
     */
    public static ImageSet load(Datasets.Split split, DataFolder folder) {
        Path root = folder.root();
        for (String dir : List.of(OFFICIAL_DIR, PARTIAL_DIR)) {
            Path candidate = root.resolve(dir);
            if (Files.isDirectory(candidate) && hasSplit(candidate, split)) {
                return read(candidate, split);
            }
        }
        Path archive;
        try {
            archive = folder.fetch(ARCHIVE);
        } catch (BadInputException e) {
            throw e;
        } catch (GankitException e) {
            throw new GankitException(
                    "CIFAR-10 is not in " + root + ": expected " + OFFICIAL_DIR + "/ (the official "
                            + "archive extracted) or " + PARTIAL_DIR
                            + "/, and the archive could not be fetched: "
                            + e.getMessage(),
                    e);
        }
        SafeTar.extract(archive, root);
        return read(root.resolve(OFFICIAL_DIR), split);
    }

    /**
     * One split from a folder laid out as {@value #OFFICIAL_DIR} or {@value #PARTIAL_DIR}. The test
     * split is {@code test_batch.bin[.gz]} when present, else the 1,000-record partial file.
     */
    public static ImageSet read(Path dir, Datasets.Split split) {
        List<String> classes = classNames(dir);
        List<Path> files = new ArrayList<>();
        String name;
        if (split == Datasets.Split.TRAIN) {
            for (int i = 1; i <= TRAIN_BATCHES; i++) {
                files.add(require(dir, "data_batch_" + i + ".bin"));
            }
            name = "cifar10-train";
        } else {
            Path full = find(dir, "test_batch.bin");
            if (full != null) {
                files.add(full);
                name = "cifar10-test";
            } else if (Files.isRegularFile(dir.resolve(PARTIAL_TEST_FILE))) {
                files.add(dir.resolve(PARTIAL_TEST_FILE));
                name = "cifar10-test-first-1000";
            } else {
                throw new BadInputException(
                        dir + ": no test_batch.bin[.gz] and no " + PARTIAL_TEST_FILE
                                + "; expected the official test batch (from cifar-10-binary.tar.gz)");
            }
        }
        return readBatches(name, files, classes);
    }

    /** Records of one or more batch files, concatenated in the order given. */
    public static ImageSet readBatches(String name, List<Path> files, List<String> classes) {
        List<byte[]> contents = new ArrayList<>();
        int records = 0;
        for (Path file : files) {
            byte[] bytes = readAll(file);
            if (bytes.length == 0 || bytes.length % RECORD_BYTES != 0) {
                int whole = bytes.length / RECORD_BYTES;
                throw BadInputException.of(
                        file,
                        bytes.length + " bytes (" + whole + " whole records and "
                                + (bytes.length - whole * RECORD_BYTES)
                                + " bytes of a truncated one at offset "
                                + (long) whole * RECORD_BYTES + ")",
                        "a positive multiple of " + RECORD_BYTES
                                + " bytes (label + 3x32x32 pixels per record)");
            }
            contents.add(bytes);
            records = Math.addExact(records, bytes.length / RECORD_BYTES);
        }
        byte[] pixels = new byte[Math.multiplyExact(records, IMAGE_BYTES)];
        int[] labels = new int[records];
        int next = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] bytes = contents.get(f);
            for (int r = 0; r < bytes.length / RECORD_BYTES; r++) {
                int offset = r * RECORD_BYTES;
                int label = bytes[offset] & 0xFF;
                if (label >= classes.size()) {
                    throw BadInputException.of(
                            files.get(f),
                            "label " + label + " in record " + r + " (byte offset " + offset + ")",
                            "a class in 0.." + (classes.size() - 1));
                }
                labels[next] = label;
                System.arraycopy(bytes, offset + 1, pixels, next * IMAGE_BYTES, IMAGE_BYTES);
                next++;
            }
            contents.set(f, null);
        }
        return ImageSet.create(name, pixels, labels, 3, SIDE, SIDE, classes);
    }

    /**
     * The class names from {@code batches.meta.txt} in {@code dir} (one per line; trailing empty
     * lines ignored), or {@link #CLASSES} when the file is absent.
     */
    public static List<String> classNames(Path dir) {
        Path meta = dir.resolve("batches.meta.txt");
        if (!Files.isRegularFile(meta)) {
            return CLASSES;
        }
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(meta, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw BadInputException.of(meta, e.toString(), "a readable text file");
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.size() != CLASSES.size() || lines.stream().anyMatch(String::isBlank)) {
            throw BadInputException.of(
                    meta,
                    lines.size() + " class names " + lines,
                    CLASSES.size() + " non-empty names, one per line");
        }
        return lines.stream().map(String::strip).toList();
    }

    private static boolean hasSplit(Path dir, Datasets.Split split) {
        if (split == Datasets.Split.TRAIN) {
            for (int i = 1; i <= TRAIN_BATCHES; i++) {
                if (find(dir, "data_batch_" + i + ".bin") == null) {
                    return false;
                }
            }
            return true;
        }
        return find(dir, "test_batch.bin") != null
                || Files.isRegularFile(dir.resolve(PARTIAL_TEST_FILE));
    }

    /** {@code dir/name} or {@code dir/name.gz}, whichever exists (plain first), else null. */
    private static Path find(Path dir, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path require(Path dir, String name) {
        Path found = find(dir, name);
        if (found == null) {
            throw new BadInputException(
                    dir + ": neither " + name + " nor " + name
                            + ".gz is there; expected the official CIFAR-10 binary batches (cifar-10-binary.tar.gz)");
        }
        return found;
    }

    private static byte[] readAll(Path file) {
        try (InputStream in = Idx.open(file)) {
            return in.readAllBytes();
        } catch (BadInputException e) {
            throw e;
        } catch (IOException e) {
            throw Idx.unreadable(file, e);
        }
    }
}
