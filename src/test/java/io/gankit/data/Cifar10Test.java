package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {
    static ImageSet train;

    @BeforeAll
    static void load() {
        train = Datasets.load("cifar10", Datasets.Split.TRAIN, TestPaths.dataFolder());
    }

    @Test
    void trainingSetHasFiftyThousandImagesWithFiveThousandPerClass() {
        assertEquals(50_000, train.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(32, train.width());
        int[] perClass = new int[10];
        Arrays.fill(perClass, 5000);
        assertArrayEquals(perClass, train.labelCounts());
        assertEquals(
                List.of(
                        "airplane",
                        "automobile",
                        "bird",
                        "cat",
                        "deer",
                        "dog",
                        "frog",
                        "horse",
                        "ship",
                        "truck"),
                train.classNames());
    }

    @Test
    void firstTrainingLabelsAndPixelsAreThoseOfTheOfficialFile() {
        // data_batch_1 starts frog, truck, truck, deer, automobile, automobile, bird, horse, ship,
        // cat.
        int[] first = new int[10];
        for (int i = 0; i < 10; i++) {
            first[i] = train.label(i);
        }
        assertArrayEquals(new int[] {6, 9, 9, 4, 1, 1, 2, 7, 8, 3}, first);
        // Record 0: red plane starts 59, 43, 50; green and blue planes start 62 and 63; the red
        // plane's second row starts 16 and its last pixel is 123.
        assertEquals(59, train.pixel(0, 0, 0, 0));
        assertEquals(43, train.pixel(0, 0, 0, 1));
        assertEquals(50, train.pixel(0, 0, 0, 2));
        assertEquals(62, train.pixel(0, 1, 0, 0));
        assertEquals(63, train.pixel(0, 2, 0, 0));
        assertEquals(16, train.pixel(0, 0, 1, 0));
        assertEquals(123, train.pixel(0, 0, 31, 31));
        // The last record of data_batch_5 (image 49,999) is an automobile; red starts 229, 236,
        // blue ends 161.
        assertEquals(1, train.label(49_999));
        assertEquals(229, train.pixel(49_999, 0, 0, 0));
        assertEquals(236, train.pixel(49_999, 0, 0, 1));
        assertEquals(161, train.pixel(49_999, 2, 31, 31));
    }

    @Test
    void eachTrainingBatchHasTheLabelCountsOfTheDataReadme() {
        Path dir = TestPaths.data().resolve("cifar-10-partial");
        int[][] expected = {
            {1005, 974, 1032, 1016, 999, 937, 1030, 1001, 1025, 981},
            {984, 1007, 1010, 995, 1010, 988, 1008, 1026, 987, 985},
            {994, 1042, 965, 997, 990, 1029, 978, 1015, 961, 1029},
            {1003, 963, 1041, 976, 1004, 1021, 1004, 981, 1024, 983},
            {1014, 1014, 952, 1016, 997, 1025, 980, 977, 1003, 1022}
        };
        for (int b = 0; b < 5; b++) {
            ImageSet batch = Cifar10.readBatches(
                    "b" + (b + 1),
                    List.of(dir.resolve("data_batch_" + (b + 1) + ".bin.gz")),
                    Cifar10.CLASSES);
            assertEquals(10_000, batch.size());
            assertArrayEquals(expected[b], batch.labelCounts(), "data_batch_" + (b + 1));
        }
    }

    @Test
    void testSplitFromThePartialCopyIsTheFirstThousandRecordsInPixelOrder() {
        ImageSet test = Datasets.load("cifar10", Datasets.Split.TEST, TestPaths.dataFolder());
        assertEquals(1000, test.size());
        assertEquals("cifar10-test-first-1000", test.name());
        assertArrayEquals(
                new int[] {103, 89, 100, 103, 90, 86, 112, 102, 106, 109}, test.labelCounts());
        assertEquals(3, test.label(0)); // a cat
        // The first test image's first pixels are (R, G, B) = (158, 112, 49), (159, 111, 47),
        // (165, 116, 51), and its first row ends (116, 85, 33): planes are R, G, B, rows row-major.
        int[][] rgb = {{158, 112, 49}, {159, 111, 47}, {165, 116, 51}};
        for (int col = 0; col < 3; col++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(
                        rgb[col][c], test.pixel(0, c, 0, col), "pixel " + col + " channel " + c);
            }
        }
        assertEquals(116, test.pixel(0, 0, 0, 31));
        assertEquals(85, test.pixel(0, 1, 0, 31));
        assertEquals(33, test.pixel(0, 2, 0, 31));
    }

    @Test
    void officialLayoutWithPlainFilesIsPreferredAndReadTheSame(@TempDir Path tmp)
            throws IOException {
        Path official = tmp.resolve(Cifar10.OFFICIAL_DIR);
        Files.createDirectories(official);
        byte[][] batches = new byte[5][];
        for (int b = 0; b < 5; b++) {
            batches[b] = records(b + 1, b, 2);
            Files.write(official.resolve("data_batch_" + (b + 1) + ".bin"), batches[b]);
        }
        Files.write(official.resolve("test_batch.bin"), records(3, 7, 1));
        ImageSet set = Cifar10.load(Datasets.Split.TRAIN, DataFolder.of(tmp).offline());
        assertEquals(15, set.size());
        assertEquals(0, set.label(0));
        assertEquals(8, set.label(14));
        // Pixel byte k of a record is (k + seed) mod 256, so channel 1 row 0 col 0 is byte 1024.
        assertEquals((1024 + 2) % 256, set.pixel(0, 1, 0, 0));
        ImageSet test = Cifar10.load(Datasets.Split.TEST, DataFolder.of(tmp).offline());
        assertEquals("cifar10-test", test.name());
        assertEquals(3, test.size());
        assertEquals(9, test.label(2));
    }

    @Test
    void truncatedBatchIsRejectedWithItsOffset(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("data_batch_1.bin");
        byte[] two = records(2, 0, 0);
        Files.write(file, Arrays.copyOf(two, two.length - 100));
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> Cifar10.readBatches("t", List.of(file), Cifar10.CLASSES));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset 3073"), e.getMessage());
        assertTrue(e.getMessage().contains("multiple of 3073"), e.getMessage());
    }

    @Test
    void labelAboveNineIsRejectedWithItsRecord(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("bad.bin.gz");
        byte[] data = records(3, 0, 0);
        data[2 * Cifar10.RECORD_BYTES] = 10;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(data);
        }
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> Cifar10.readBatches("t", List.of(file), Cifar10.CLASSES));
        assertTrue(
                e.getMessage().contains("label 10 in record 2 (byte offset 6146)"), e.getMessage());
        assertTrue(e.getMessage().contains("0..9"), e.getMessage());
    }

    @Test
    void corruptGzipIsRejectedNamingTheFile(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("data_batch_1.bin.gz");
        byte[] gz;
        try (var bytes = new ByteArrayOutputStream();
                var out = new GZIPOutputStream(bytes)) {
            out.write(records(4, 0, 0));
            out.finish();
            gz = bytes.toByteArray();
        }
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> Cifar10.readBatches("t", List.of(file), Cifar10.CLASSES));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    /** {@code n} records with labels {@code firstLabel, firstLabel+1, ...} (mod 10); pixel k = (k + seed) mod 256. */
    static byte[] records(int n, int firstLabel, int seed) {
        byte[] out = new byte[n * Cifar10.RECORD_BYTES];
        for (int r = 0; r < n; r++) {
            out[r * Cifar10.RECORD_BYTES] = (byte) ((firstLabel + r) % 10);
            for (int k = 0; k < Cifar10.RECORD_BYTES - 1; k++) {
                out[r * Cifar10.RECORD_BYTES + 1 + k] = (byte) (k + seed);
            }
        }
        return out;
    }
}
