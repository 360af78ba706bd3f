package io.gankit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import io.gankit.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryWrittenType() throws Exception {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("d", NpyArray.ofDoubles(new int[] {2, 2}, new double[] {1.5, -2, Math.PI, 1e-300}));
        m.put("f", NpyArray.ofFloats(new int[] {3}, new float[] {0.1f, -7f, 3e38f}));
        m.put("u", NpyArray.ofUint8(new int[] {1, 3}, new byte[] {0, 1, (byte) 255}));
        m.put("l", NpyArray.ofLongs(new int[0], new long[] {Long.MIN_VALUE}));
        Path file = dir.resolve("all.npz");
        Npz.write(file, m);
        Map<String, NpyArray> back = Npz.read(file);
        assertEquals(m.keySet(), back.keySet());
        assertArrayEquals(new double[] {1.5, -2, Math.PI, 1e-300}, back.get("d").toDoubles());
        assertArrayEquals(new int[] {2, 2}, back.get("d").shape());
        assertArrayEquals(new float[] {0.1f, -7f, 3e38f}, back.get("f").toFloats());
        assertEquals("<f4", back.get("f").dtype());
        assertArrayEquals(new byte[] {0, 1, (byte) 255}, back.get("u").toUint8());
        assertArrayEquals(new double[] {0, 1, 255}, back.get("u").toDoubles());
        assertEquals(0, back.get("l").shape().length);
        assertEquals((double) Long.MIN_VALUE, back.get("l").toDoubles()[0]);
        assertTrue(
                Files.list(dir).allMatch(p -> p.getFileName().toString().equals("all.npz")),
                "no temp file left");
    }

    /** A .npy written the way NumPy does, with any header text. */
    static byte[] npy(String dict, byte[] data) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        b.write(h.length & 0xff);
        b.write(h.length >> 8);
        b.write(h);
        b.write(data);
        return b.toByteArray();
    }

    Path zipOf(String name, byte[] npy) throws Exception {
        Path file = dir.resolve(name + ".npz");
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name + ".npy"));
            z.write(npy);
            z.closeEntry();
        }
        return file;
    }

    @Test
    void readsBigEndianAndFortranOrder() throws Exception {
        // numpy.asfortranarray(np.arange(6, dtype='>f8').reshape(2, 3)) stores 0 3 1 4 2 5
        ByteBuffer data = ByteBuffer.allocate(48).order(ByteOrder.BIG_ENDIAN);
        for (double v : new double[] {0, 3, 1, 4, 2, 5}) {
            data.putDouble(v);
        }
        Path file = zipOf(
                "x",
                npy("{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }", data.array()));
        NpyArray a = Npz.read(file, "x");
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, a.toDoubles());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        ByteBuffer ints = ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(-1)
                .putInt(7)
                .putInt(1 << 30);
        NpyArray i4 = Npz.read(
                zipOf(
                        "i",
                        npy(
                                "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }",
                                ints.array())),
                "i");
        assertArrayEquals(new double[] {-1, 7, 1 << 30}, i4.toDoubles());
    }

    @Test
    void rejectsUnsupportedCorruptAndTruncatedFiles() throws Exception {
        Path strings = zipOf(
                "s", npy("{'descr': '<U1', 'fortran_order': False, 'shape': (2,), }", new byte[8]));
        BadInputException e = assertThrows(BadInputException.class, () -> Npz.read(strings));
        assertTrue(
                e.getMessage().contains(strings.toString()) && e.getMessage().contains("<U1"),
                e.getMessage());

        Path truncated = zipOf(
                "t",
                npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", new byte[16]));
        e = assertThrows(BadInputException.class, () -> Npz.read(truncated));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path garbage = dir.resolve("garbage.npz");
        Files.write(garbage, "this is not a zip archive".getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(BadInputException.class, () -> Npz.read(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

        Path noMagic = zipOf("m", "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(BadInputException.class, () -> Npz.read(noMagic));
        assertTrue(e.getMessage().contains("NUMPY"), e.getMessage());

        e = assertThrows(
                BadInputException.class,
                () -> GaussianStats.read(truncated.resolveSibling("missing.npz")));
        assertTrue(e.getMessage().contains("missing.npz"), e.getMessage());
        e = assertThrows(
                BadInputException.class,
                () -> GaussianStats.read(zipOf(
                        "i2",
                        npy(
                                "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
                                new byte[8]))));
        assertTrue(e.getMessage().contains("'mu' and 'sigma'"), e.getMessage());
    }

    @Test
    void readsNumpyWrittenFeatures() {
        Path file = TestPaths.require(TestPaths.shared().resolve("fid-vectors/rank_deficient.npz"));
        Map<String, NpyArray> arrays = Npz.read(file);
        assertEquals("<f4", arrays.get("features_a").dtype());
        assertArrayEquals(new int[] {100, 256}, arrays.get("features_a").shape());
        assertArrayEquals(new int[] {120, 256}, arrays.get("features_b").shape());
    }
}
