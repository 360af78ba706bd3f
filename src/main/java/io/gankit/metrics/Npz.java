package io.gankit.metrics;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy {@code .npz} archives (a zip of {@code .npy} files), as written by {@code numpy.savez} and
 * read by {@code numpy.load}: the format of pytorch-fid statistics ({@code mu}, {@code sigma}).
 * Reads format versions 1 to 3, either byte order, C or Fortran order; writes version 1 files that
 * NumPy reads.
 */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npz() {}

    /** Reads every array of an {@code .npz} file, by name (without the {@code .npy} suffix), in file order. */
    public static Map<String, NpyArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file; expected a NumPy .npz archive");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, readNpy(file + "[" + name + "]", in.readAllBytes()));
                } catch (ZipException e) {
                    throw new BadInputException(
                            file + "[" + name + "]: corrupt zip entry (" + e.getMessage()
                                    + "); expected a NumPy .npz archive",
                            e);
                }
            }
        } catch (ZipException e) {
            throw new BadInputException(
                    file + ": not a readable zip archive (" + e.getMessage()
                            + "); expected a NumPy .npz archive",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (arrays.isEmpty()) {
            throw new BadInputException(
                    file + ": archive holds no arrays; expected a NumPy .npz archive");
        }
        return arrays;
    }

    /** Reads one named array of an {@code .npz} file, failing with the names it has if it is absent. */
    public static NpyArray read(Path file, String name) {
        Map<String, NpyArray> all = read(file);
        NpyArray a = all.get(name);
        if (a == null) {
            throw new BadInputException(file + ": holds arrays " + all.keySet()
                    + "; expected one named '" + name + "'");
        }
        return a;
    }

    /** Writes {@code arrays} as an {@code .npz} archive, atomically (temp file, then rename). */
    public static void write(Path file, Map<String, NpyArray> arrays) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = AtomicFiles.tempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp);
                        ZipOutputStream zip = new ZipOutputStream(out)) {
                    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                        writeNpy(zip, e.getValue());
                        zip.closeEntry();
                    }
                }
                Files.move(
                        tmp,
                        file.toAbsolutePath(),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    /** Decodes the bytes of one {@code .npy} file; {@code where} names it in error messages. */
    static NpyArray readNpy(String where, byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10) {
            throw new BadInputException(where + ": " + bytes.length
                    + " bytes; expected a .npy header (truncated file?)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new BadInputException(where + ": no \\x93NUMPY magic; expected a .npy array");
            }
        }
        int major = bytes[6];
        int headerLength;
        int offset;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xffff;
            offset = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new BadInputException(where + ": truncated .npy header");
            }
            headerLength = buf.getInt(8);
            offset = 12;
        } else {
            throw new BadInputException(
                    where + ": .npy format version " + major + "; expected 1, 2 or 3");
        }
        if (headerLength < 0 || offset + headerLength > bytes.length) {
            throw new BadInputException(
                    where + ": header of " + headerLength + " bytes runs past the end of the "
                            + bytes.length + "-byte file (truncated?)");
        }
        String header = new String(
                bytes,
                offset,
                headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new BadInputException(where + ": header " + header.trim()
                    + "; expected a dict with 'descr', 'fortran_order' and 'shape'");
        }
        int[] dims = parseShape(where, shape.group(1));
        ByteBuffer data = ByteBuffer.wrap(
                        bytes, offset + headerLength, bytes.length - offset - headerLength)
                .slice();
        return NpyArray.decode(where, descr.group(1), dims, fortran.group(1).equals("True"), data);
    }

    private static int[] parseShape(String where, String text) {
        String[] parts = text.split(",");
        int count = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                dims[count++] = (int) v;
            } catch (NumberFormatException e) {
                throw new BadInputException(
                        where + ": shape (" + text + "); expected non-negative whole numbers");
            }
        }
        return Arrays.copyOf(dims, count);
    }

    /** Writes one array in {@code .npy} format version 1.0. */
    static void writeNpy(OutputStream out, NpyArray array) throws IOException {
        int[] dims = array.shape();
        // NumPy writes (n,) for one dimension and (a, b) for more
        String shapeText = dims.length == 1 ? "(" + dims[0] + ",)" : joinShape(dims);
        String dict = "{'descr': '" + array.dtype() + "', 'fortran_order': False, 'shape': "
                + shapeText + ", }";
        // magic(6) + version(2) + length(2) + dict + padding + '\n' is a multiple of 64, as NumPy
        // pads it
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(MAGIC);
        head.write(1);
        head.write(0);
        int len = header.length();
        head.write(len & 0xff);
        head.write((len >>> 8) & 0xff);
        head.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        out.write(array.payload());
    }

    private static String joinShape(int[] dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(dims[i]);
        }
        return b.append(")").toString();
    }
}
