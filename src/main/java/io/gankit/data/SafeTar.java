package io.gankit.data;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.GankitException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Extraction of a tar archive (plain or gzip-compressed) that cannot write outside its target
 * folder. It reads POSIX ustar headers, GNU long names and pax {@code path} records, which covers
 * the archives data sets are published in; links, devices and any entry whose name is absolute or
 * contains {@code ..} are refused. (The kit reads tar itself because the commons-compress on its
 * class path lacks the commons-lang3 it needs at run time.)
 */
public final class SafeTar {
    private static final int BLOCK = 512;

    private SafeTar() {}

    /**
     * Extracts {@code archive} into {@code target}. The archive is unpacked into a hidden staging
     * folder inside {@code target} and moved into place only when every entry passed the checks, so
     * a bad archive leaves {@code target} as it was.
     *
     * @throws BadInputException naming the archive and the offending entry, or the corrupt header
     */
    public static void extract(Path archive, Path target) {
        Path root = target.toAbsolutePath().normalize();
        Path staging;
        try {
            Files.createDirectories(root);
            staging = AtomicFiles.tempDirectory(root, ".extract-");
        } catch (IOException e) {
            throw new GankitException("cannot create a staging folder in " + root + ": " + e, e);
        }
        try {
            unpack(archive, staging);
            try (DirectoryStream<Path> top = Files.newDirectoryStream(staging)) {
                for (Path child : top) {
                    moveInto(child, root.resolve(child.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw BadInputException.of(
                    archive, "unreadable archive (" + e + ")", "a tar or tar.gz archive");
        } finally {
            deleteTree(staging);
        }
    }

    private static void unpack(Path archive, Path staging) throws IOException {
        try (InputStream in = Idx.open(archive)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            long offset = 0;
            while (true) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0) {
                    return; // some writers omit the two zero blocks at the end
                }
                if (n < BLOCK) {
                    throw BadInputException.of(
                            archive, "truncated header at byte " + offset, "512-byte tar headers");
                }
                if (allZero(header)) {
                    return;
                }
                checkChecksum(archive, header, offset);
                String name = longName != null ? longName : fullName(header);
                longName = null;
                char type = (char) header[156];
                long size = octal(archive, header, 124, 12, offset);
                offset += BLOCK;
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                switch (type) {
                    case 'L' -> longName = cString(readData(archive, in, size, padded, name));
                    case 'x' -> longName = paxPath(readData(archive, in, size, padded, name));
                    case 'g' -> readData(archive, in, size, padded, name);
                    case '5' -> {
                        Path out = safeResolve(archive, staging, name);
                        Files.createDirectories(out);
                        skip(archive, in, padded, name);
                    }
                    case '0', '\0', '7' -> {
                        Path out = safeResolve(archive, staging, name);
                        if (out.equals(staging)) {
                            throw BadInputException.of(
                                    archive,
                                    "file entry '" + name + "' has no file name",
                                    "a file name inside the archive");
                        }
                        Files.createDirectories(out.getParent());
                        try (OutputStream os = Files.newOutputStream(out)) {
                            copy(archive, in, os, size, name);
                        }
                        skip(archive, in, padded - size, name);
                    }
                    case '1', '2' ->
                        throw BadInputException.of(
                                archive,
                                "entry '" + name + "' is a " + (type == '2' ? "symbolic" : "hard")
                                        + " link to '" + cString(header, 157, 100) + "'",
                                "only plain files and folders");
                    default ->
                        throw BadInputException.of(
                                archive,
                                "entry '" + name + "' of tar type '" + type + "'",
                                "only plain files and folders");
                }
                offset += padded;
            }
        }
    }

    /** {@code base/name}, refusing any name that is absolute or climbs out of {@code base}. */
    static Path safeResolve(Path archive, Path base, String name) {
        String normalised = name.replace('\\', '/');
        boolean absolute = normalised.startsWith("/") || normalised.matches("^[A-Za-z]:.*");
        boolean climbs = Stream.of(normalised.split("/")).anyMatch(".."::equals);
        Path resolved = base.resolve(normalised).normalize();
        if (normalised.isEmpty()
                || normalised.indexOf('\0') >= 0
                || absolute
                || climbs
                || !resolved.startsWith(base)) {
            throw BadInputException.of(
                    archive,
                    "entry '" + name + "' points outside the target folder",
                    "relative entry names without '..'");
        }
        return resolved;
    }

    private static String fullName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static void checkChecksum(Path archive, byte[] header, long offset) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        long stored = octal(archive, header, 148, 8, offset);
        if (stored != sum) {
            throw BadInputException.of(
                    archive,
                    "header checksum " + stored + " at byte " + offset + " (computed " + sum + ")",
                    "a valid tar header");
        }
    }

    private static long octal(Path archive, byte[] header, int from, int length, long offset) {
        if ((header[from] & 0x80) != 0) {
            // GNU base-256 for sizes of 8 GiB and more: far beyond any data set file.
            throw BadInputException.of(
                    archive, "base-256 number in the header at byte " + offset, "an octal size");
        }
        int i = from;
        int end = from + length;
        while (i < end && header[i] == ' ') {
            i++;
        }
        long value = 0;
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int b = header[i];
            if (b < '0' || b > '7') {
                throw BadInputException.of(
                        archive,
                        "byte '" + (char) b + "' in a number of the header at byte " + offset,
                        "octal digits");
            }
            value = value * 8 + (b - '0');
        }
        return value;
    }

    private static String cString(byte[] data) {
        return cString(data, 0, data.length);
    }

    private static String cString(byte[] data, int from, int max) {
        int end = from;
        while (end < from + max && data[end] != 0) {
            end++;
        }
        return new String(data, from, end - from, StandardCharsets.UTF_8).strip();
    }

    /** The {@code path} record of a pax extended header ("LEN path=VALUE\n" lines), or null. */
    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.startsWith("path=", space + 1)) {
                return line.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static byte[] readData(
            Path archive, InputStream in, long size, long padded, String name) throws IOException {
        if (size > 1 << 20) {
            throw BadInputException.of(
                    archive,
                    "metadata entry '" + name + "' of " + size + " bytes",
                    "a long name or pax header under 1 MiB");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw BadInputException.of(archive, "truncated entry '" + name + "'", size + " bytes");
        }
        skip(archive, in, padded - size, name);
        return data;
    }

    private static void copy(Path archive, InputStream in, OutputStream out, long size, String name)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw BadInputException.of(
                        archive,
                        "truncated entry '" + name + "' (" + (size - left) + " of " + size
                                + " bytes)",
                        "the size its header gives");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(Path archive, InputStream in, long count, String name)
            throws IOException {
        byte[] sink = new byte[BLOCK];
        long left = count;
        while (left > 0) {
            int n = in.read(sink, 0, (int) Math.min(sink.length, left));
            if (n < 0) {
                throw BadInputException.of(
                        archive, "truncated after entry '" + name + "'", "tar block padding");
            }
            left -= n;
        }
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void moveInto(Path from, Path to) throws IOException {
        if (Files.isDirectory(from) && Files.isDirectory(to)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(from)) {
                for (Path child : children) {
                    moveInto(child, to.resolve(child.getFileName().toString()));
                }
            }
        } else {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not remove staging folder " + dir + ": " + e);
        }
    }
}
