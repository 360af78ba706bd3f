package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gankit.BadInputException;
import io.gankit.GankitException;
import io.gankit.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    static ImageSet mnistTrain;

    @BeforeAll
    static void load() {
        mnistTrain = Datasets.load("mnist", Datasets.Split.TRAIN, TestPaths.dataFolder());
    }

    @Test
    void mnistTrainingSetHasTheOfficialCountsAndShape() {
        assertEquals(60_000, mnistTrain.size());
        assertEquals(1, mnistTrain.channels());
        assertEquals(28, mnistTrain.height());
        assertEquals(28, mnistTrain.width());
        assertArrayEquals(
                new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                mnistTrain.labelCounts());
        // The first training image is a 5 whose top-left corner is background.
        assertEquals(5, mnistTrain.label(0));
        assertEquals(0, mnistTrain.pixel(0, 0, 0, 0));
    }

    @Test
    void testSplitsHaveTenThousandImages() {
        DataFolder folder = TestPaths.dataFolder();
        ImageSet mnistTest = Datasets.load("mnist", Datasets.Split.TEST, folder);
        ImageSet fashionTest = Datasets.load("fashion-mnist", Datasets.Split.TEST, folder);
        assertEquals(10_000, mnistTest.size());
        assertEquals(7, mnistTest.label(0));
        int[] perClass = new int[10];
        Arrays.fill(perClass, 1000);
        assertArrayEquals(perClass, fashionTest.labelCounts());
        assertEquals("Ankle boot", fashionTest.classNames().get(9));
    }

    @Test
    void batchesAreScaledToMinusOneOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = mnistTrain.batch(manager, new int[] {0, 1, 2, 3});
            assertEquals(new Shape(4, 1, 28, 28), batch.getShape());
            float[] values = batch.toFloatArray();
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(-1f, min, 0f);
            assertEquals(1f, max, 0f);
            // pixel p maps to p / 127.5 - 1
            int row = 14;
            int col = 14;
            int p = mnistTrain.pixel(0, 0, row, col);
            assertEquals(p / 127.5f - 1f, values[row * 28 + col], 1e-6f);
        }
    }

    @Test
    void truncatedFileIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        byte[] raw = gunzip(TestPaths.data().resolve("mnist/t10k-images-idx3-ubyte.gz"));
        Path cut = dir.resolve("cut-images-idx3-ubyte");
        Files.write(cut, Arrays.copyOf(raw, raw.length - 100));
        BadInputException e = assertThrows(BadInputException.class, () -> Idx.readImages(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicIsRefused(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("labels");
        Files.write(labels, gunzip(TestPaths.data().resolve("mnist/t10k-labels-idx1-ubyte.gz")));
        BadInputException e = assertThrows(BadInputException.class, () -> Idx.readImages(labels));
        assertTrue(e.getMessage().contains("label file"), e.getMessage());
        assertTrue(e.getMessage().contains(labels.toString()), e.getMessage());
    }

    @Test
    void corruptGzipIsRefused(@TempDir Path dir) throws IOException {
        byte[] gz = Files.readAllBytes(TestPaths.data().resolve("mnist/t10k-labels-idx1-ubyte.gz"));
        for (int i = 200; i < 260; i++) {
            gz[i] ^= 0x5A;
        }
        Path bad = dir.resolve("bad.gz");
        Files.write(bad, gz);
        BadInputException e = assertThrows(BadInputException.class, () -> Idx.readLabels(bad, 10));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsRefused(@TempDir Path dir) throws IOException {
        byte[] raw = gunzip(TestPaths.data().resolve("mnist/t10k-labels-idx1-ubyte.gz"));
        raw[8 + 17] = 12;
        Path bad = dir.resolve("labels");
        Files.write(bad, raw);
        BadInputException e = assertThrows(BadInputException.class, () -> Idx.readLabels(bad, 10));
        assertTrue(e.getMessage().contains("label 12 at index 17"), e.getMessage());
    }

    @Test
    void missingFileOfflineSaysWhereToPutIt(@TempDir Path dir) {
        DataFolder empty = DataFolder.of(dir).offline();
        Exception e = assertThrows(
                GankitException.class, () -> Datasets.load("mnist", Datasets.Split.TEST, empty));
        assertTrue(e.getMessage().contains(dir.resolve("mnist").toString()), e.getMessage());
    }

    @Test
    void checksumMismatchIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.gz");
        Files.writeString(f, "not the official file");
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> DataFolder.verifySha256(
                        f,
                        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                        "x"));
        assertTrue(e.getMessage().contains("expected 440fcabf"), e.getMessage());
    }

    static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
