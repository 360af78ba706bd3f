package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gankit.GankitException;
import io.gankit.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws corrupted variants of real files at the readers: each read must succeed or fail with the
 * kit's documented {@link GankitException}; any other exception, or a hang, fails the test.
 */
public class ReaderFuzzTest {
    static final int VARIANTS = 1200;

    /** Mutates {@code original}: truncation, flipped bytes, inserted bytes, or a rewritten header field. */
    public static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        switch (r.nextInt(5)) {
            case 0 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 1 -> {
                int flips = 1 + r.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case 2 -> {
                int at = r.nextInt(b.length);
                byte[] extra = new byte[1 + r.nextInt(16)];
                r.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                b = out;
            }
            case 3 -> {
                int field = r.nextInt(Math.max(1, Math.min(4, b.length / 4)));
                int value = switch (r.nextInt(4)) {
                    case 0 -> -1;
                    case 1 -> Integer.MAX_VALUE;
                    case 2 -> 0;
                    default -> r.nextInt();
                };
                if (b.length >= field * 4 + 4) {
                    ByteBuffer.wrap(b).putInt(field * 4, value);
                }
            }
            default -> b = Arrays.copyOf(b, b.length + 1 + r.nextInt(100));
        }
        return b;
    }

    /** Runs {@code reader} on {@link #VARIANTS} variants of {@code original}, half of them gzip-compressed. */
    public static void fuzz(String what, byte[] original, Path dir, Consumer<Path> reader)
            throws IOException {
        Random r = new Random(what.hashCode());
        int refused = 0;
        for (int i = 0; i < VARIANTS; i++) {
            byte[] variant = mutate(original, r);
            if (i % 2 == 1) {
                variant = r.nextBoolean() ? gzip(variant) : mutate(gzip(original), r);
            }
            Path file = dir.resolve(what + "-" + i);
            Files.write(file, variant);
            try {
                reader.accept(file);
            } catch (GankitException e) {
                refused++;
                assertTrue(
                        e.getMessage().contains(file.toString())
                                || e.getMessage().contains(file.getFileName().toString()),
                        "error does not name the file: " + e.getMessage());
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                fail(what + " variant " + i + " threw " + e, e);
            }
            Files.delete(file);
        }
        assertTrue(
                refused > VARIANTS / 2,
                what + ": only " + refused + " of " + VARIANTS + " corrupt variants refused");
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Test
    void idxImageReader(@TempDir Path dir) throws IOException {
        byte[] all = IdxTest.gunzip(TestPaths.data().resolve("mnist/t10k-images-idx3-ubyte.gz"));
        byte[] small = Arrays.copyOf(all, 16 + 20 * 784);
        ByteBuffer.wrap(small).putInt(4, 20);
        Idx.readImages(writeTo(dir.resolve("ok"), small)); // the unmutated file reads
        fuzz("idx-images", small, dir, Idx::readImages);
    }

    @Test
    void idxLabelReader(@TempDir Path dir) throws IOException {
        byte[] all = IdxTest.gunzip(TestPaths.data().resolve("mnist/t10k-labels-idx1-ubyte.gz"));
        byte[] small = Arrays.copyOf(all, 8 + 200);
        ByteBuffer.wrap(small).putInt(4, 200);
        Idx.readLabels(writeTo(dir.resolve("ok"), small), 10);
        fuzz("idx-labels", small, dir, f -> Idx.readLabels(f, 10));
    }

    static Path writeTo(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }

    @Test
    void cifarBatchReader(@TempDir Path dir) throws IOException {
        byte[] all = IdxTest.gunzip(
                TestPaths.data().resolve("cifar-10-partial/test_batch.first-1000-records.bin.gz"));
        byte[] small = Arrays.copyOf(all, 3 * Cifar10.RECORD_BYTES);
        Cifar10.readBatches("ok", List.of(writeTo(dir.resolve("ok.bin"), small)), Cifar10.CLASSES);
        fuzz(
                "cifar-batch",
                small,
                dir,
                f -> Cifar10.readBatches("fuzz", List.of(f), Cifar10.CLASSES));
    }

    @Test
    void tarExtraction(@TempDir Path dir) throws IOException {
        // A small archive made here: a folder and two files, as the official CIFAR-10 archive
        // holds.
        Path src = Files.createDirectories(dir.resolve("src/cifar-10-batches-bin"));
        Files.writeString(src.resolve("batches.meta.txt"), "airplane\nautomobile\n");
        Files.write(src.resolve("data_batch_1.bin"), new byte[700]);
        Path tar = dir.resolve("a.tar");
        Process p = new ProcessBuilder(
                        "tar",
                        "-cf",
                        tar.toString(),
                        "-C",
                        dir.resolve("src").toString(),
                        "cifar-10-batches-bin")
                .inheritIO()
                .start();
        try {
            assertTrue(p.waitFor() == 0, "tar failed");
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        byte[] archive = Files.readAllBytes(tar);
        int[] counter = {0};
        fuzz("tar", archive, dir, f -> {
            Path target = dir.resolve("out-" + counter[0]++);
            try {
                SafeTar.extract(f, target);
                // Whatever was accepted stayed inside the target folder.
                try (var files = Files.walk(target)) {
                    files.forEach(x -> assertTrue(
                            x.normalize().startsWith(target.normalize()), x + " escaped"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
