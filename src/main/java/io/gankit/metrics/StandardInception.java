package io.gankit.metrics;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.GankitException;
import io.gankit.data.DataFolder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where the standard FID / IS network lives: {@code inception-2015-12-05.pt}, the TorchScript port of
 * the TensorFlow Inception graph of the original FID and IS code, published by NVIDIA for
 * StyleGAN2-ADA and used unchanged by StyleGAN3 and clean-fid.
 *
 * <p>Neither StyleGAN2-ADA nor clean-fid publishes a SHA-256 of the file. The kit therefore pins it in
 * one of two ways: the environment variable {@value #ENV_SHA256} (a hash you trust, checked before a
 * download is used), or, failing that, trust on first use: the hash of the first download is written
 * beside the file as {@code inception-2015-12-05.pt.sha256} and every later use checks against it.
 * Either way the passport of every score carries the SHA-256 of the file that produced it.
 */
public final class StandardInception {
    /** The official download address (StyleGAN2-ADA's metrics, also clean-fid's). */
    public static final String URL =
            "https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/inception-2015-12-05.pt";
    /** The file name, as the official code caches it. */
    public static final String FILE_NAME = "inception-2015-12-05.pt";
    /** Environment variable with a trusted lower-case hex SHA-256 of the file. */
    public static final String ENV_SHA256 = "GANKIT_INCEPTION_SHA256";

    private StandardInception() {}

    /** The file's place in a data folder: {@code detectors/inception-2015-12-05.pt}. */
    public static Path path(DataFolder folder) {
        return folder.root().resolve("detectors").resolve(FILE_NAME);
    }

    /**
     * The local file, checked against the pinned SHA-256; downloaded first when missing.
     *
     * @throws GankitException when it is missing and cannot be downloaded (offline machines: put the
     *     file at {@link #path(DataFolder)} or pass its path with {@code --detector})
     * @throws BadInputException when the file's SHA-256 differs from the pinned one
     */
    public static Path locate(DataFolder folder) {
        Path file = path(folder);
        Path pin = file.resolveSibling(FILE_NAME + ".sha256");
        String trusted = System.getenv(ENV_SHA256);
        try {
            if (!Files.isRegularFile(file)) {
                download(file, trusted);
            }
            String actual = DataFolder.sha256(file);
            String expected = trusted != null && !trusted.isBlank()
                    ? trusted.trim()
                    : Files.isRegularFile(pin)
                            ? Files.readString(pin, StandardCharsets.US_ASCII).trim()
                            : null;
            if (expected == null) {
                writeAtomically(pin, actual + "\n");
            } else if (!expected.equalsIgnoreCase(actual)) {
                throw new BadInputException(file + ": SHA-256 " + actual + "; expected " + expected
                        + " (pinned by " + (trusted != null ? ENV_SHA256 : pin)
                        + "); the file was not used");
            }
            return file;
        } catch (IOException e) {
            throw new GankitException(file + ": " + e.getMessage(), e);
        }
    }

    private static void download(Path file, String trusted) throws IOException {
        Files.createDirectories(file.getParent());
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(15))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(URL))
                .timeout(Duration.ofMinutes(10))
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new GankitException(
                    file + " is missing and " + URL + " cannot be reached (" + e
                            + "). On an offline machine, copy the file there or give its path with --detector.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GankitException("download of " + URL + " interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new GankitException(
                    URL + ": HTTP " + response.statusCode() + "; expected the Inception file");
        }
        System.err.println("downloading " + URL + " -> " + file);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path temp = AtomicFiles.tempFile(file.getParent(), "." + FILE_NAME, ".part");
        try {
            try (InputStream in = new DigestInputStream(response.body(), digest);
                    OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (trusted != null
                    && !trusted.isBlank()
                    && !trusted.trim().toLowerCase(Locale.ROOT).equals(actual)) {
                throw new BadInputException(URL + ": downloaded SHA-256 " + actual + "; expected "
                        + trusted.trim() + " (" + ENV_SHA256 + "); the download was discarded");
            }
            Files.move(
                    temp,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = AtomicFiles.tempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(
                    temp,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
