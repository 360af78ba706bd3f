package io.gankit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gankit.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarTest {
    @Test
    void archiveExtractsIntoTheTargetFolderAndCifarReadsIt(@TempDir Path tmp) throws IOException {
        byte[] batch = Cifar10Test.records(2, 5, 0);
        String longName = "cifar-10-batches-bin/" + "x".repeat(120) + ".txt";
        Path archive = tmp.resolve("a.tar.gz");
        writeTarGz(
                archive,
                List.of(
                        new Entry("./", '5', null, ""),
                        new Entry("cifar-10-batches-bin/", '5', null, ""),
                        new Entry("cifar-10-batches-bin/data_batch_1.bin", '0', batch, ""),
                        new Entry(
                                "cifar-10-batches-bin/batches.meta.txt",
                                '0',
                                (String.join("\n", Cifar10.CLASSES) + "\n\n")
                                        .getBytes(StandardCharsets.UTF_8),
                                ""),
                        new Entry(longName, '0', "long".getBytes(StandardCharsets.UTF_8), "")));
        Path target = tmp.resolve("data");
        SafeTar.extract(archive, target);
        Path dir = target.resolve("cifar-10-batches-bin");
        assertArrayEquals(batch, Files.readAllBytes(dir.resolve("data_batch_1.bin")));
        assertEquals(
                "long", Files.readString(target.resolve(longName)), "GNU long names are honoured");
        assertEquals(Cifar10.CLASSES, Cifar10.classNames(dir));
        ImageSet set = Cifar10.readBatches(
                "x", List.of(dir.resolve("data_batch_1.bin")), Cifar10.classNames(dir));
        assertEquals(6, set.label(1));
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(
                    List.of("cifar-10-batches-bin"),
                    left.map(p -> p.getFileName().toString()).toList(),
                    "no staging folder is left behind");
        }
    }

    @Test
    void entriesOutsideTheTargetAreRejectedBeforeAnythingLands(@TempDir Path tmp)
            throws IOException {
        for (String evil : List.of(
                "../evil.bin",
                "cifar-10-batches-bin/../../evil.bin",
                "/tmp/gankit-evil.bin",
                "a/../../evil.bin")) {
            Path archive = tmp.resolve("evil.tar.gz");
            writeTarGz(
                    archive,
                    List.of(
                            new Entry(
                                    "cifar-10-batches-bin/data_batch_1.bin",
                                    '0',
                                    new byte[] {9},
                                    ""),
                            new Entry(evil, '0', new byte[] {1, 2, 3}, "")));
            Path target = tmp.resolve("target");
            BadInputException e =
                    assertThrows(BadInputException.class, () -> SafeTar.extract(archive, target));
            assertTrue(e.getMessage().contains("'" + evil + "'"), e.getMessage());
            assertTrue(e.getMessage().startsWith(archive.toString()), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("evil.bin")));
            assertFalse(Files.exists(Path.of("/tmp/gankit-evil.bin")));
            try (Stream<Path> left = Files.list(target)) {
                assertEquals(
                        0, left.count(), "nothing lands in the target from a rejected archive");
            }
        }
    }

    @Test
    void linksAreRejected(@TempDir Path tmp) throws IOException {
        Path archive = tmp.resolve("link.tar.gz");
        writeTarGz(
                archive,
                List.of(new Entry(
                        "cifar-10-batches-bin/data_batch_1.bin", '2', null, "/etc/passwd")));
        BadInputException e = assertThrows(
                BadInputException.class, () -> SafeTar.extract(archive, tmp.resolve("target")));
        assertTrue(
                e.getMessage()
                        .contains(
                                "'cifar-10-batches-bin/data_batch_1.bin' is a symbolic link to '/etc/passwd'"),
                e.getMessage());
        writeTarGz(archive, List.of(new Entry("hard", '1', null, "../../x")));
        e = assertThrows(
                BadInputException.class, () -> SafeTar.extract(archive, tmp.resolve("target")));
        assertTrue(e.getMessage().contains("'hard' is a hard link"), e.getMessage());
    }

    @Test
    void corruptHeaderAndTruncatedDataAreRejected(@TempDir Path tmp) throws IOException {
        byte[] tar = tar(List.of(new Entry("f.bin", '0', new byte[2000], "")));
        tar[10] ^= 1; // breaks the header checksum
        Path bad = tmp.resolve("bad.tar");
        Files.write(bad, tar);
        BadInputException e =
                assertThrows(BadInputException.class, () -> SafeTar.extract(bad, tmp.resolve("t")));
        assertTrue(e.getMessage().contains("header checksum"), e.getMessage());
        Path cut = tmp.resolve("cut.tar");
        Files.write(
                cut,
                Arrays.copyOf(
                        tar(List.of(new Entry("f.bin", '0', new byte[2000], ""))), 512 + 1000));
        e = assertThrows(BadInputException.class, () -> SafeTar.extract(cut, tmp.resolve("t")));
        assertTrue(
                e.getMessage().contains("truncated entry 'f.bin' (1000 of 2000 bytes)"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("t/f.bin")));
    }

    /** One entry of a test archive: type '0' file, '5' folder, '1'/'2' links. */
    record Entry(String name, char type, byte[] data, String link) {}

    static void writeTarGz(Path archive, List<Entry> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            out.write(tar(entries));
        }
    }

    /** A ustar archive written by hand, so hostile names go in exactly as given. */
    static byte[] tar(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            if (name.length > 100) {
                byte[] longName = Arrays.copyOf(name, name.length + 1);
                out.writeBytes(header("././@LongLink", 'L', longName.length, ""));
                out.writeBytes(padded(longName));
                name = Arrays.copyOf(name, 100);
            }
            int size = e.data() == null ? 0 : e.data().length;
            out.writeBytes(
                    header(new String(name, StandardCharsets.UTF_8), e.type(), size, e.link()));
            if (e.data() != null) {
                out.writeBytes(padded(e.data()));
            }
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static byte[] header(String name, char type, long size, String link) {
        byte[] h = new byte[512];
        put(h, 0, name, 100);
        put(h, 100, "0000644", 8);
        put(h, 108, "0000000", 8);
        put(h, 116, "0000000", 8);
        put(h, 124, String.format("%011o", size), 12);
        put(h, 136, "00000000000", 12);
        h[156] = (byte) type;
        put(h, 157, link, 100);
        put(h, 257, "ustar", 6);
        put(h, 263, "00", 2);
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, String.format("%06o", sum), 7);
        return h;
    }

    private static void put(byte[] h, int at, String value, int max) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, h, at, Math.min(bytes.length, max));
    }

    private static byte[] padded(byte[] data) {
        return Arrays.copyOf(data, (data.length + 511) / 512 * 512);
    }
}
