package io.gankit.data;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.GankitException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The folder the kit reads data sets from, laid out as the official files are named
 * ({@code mnist/train-images-idx3-ubyte.gz}, {@code fashion-mnist/...}, ...).
 *
 * <p>Chosen, first match wins, by: an explicit path (the {@code --data} flag), the environment
 * variable {@code GANKIT_DATA}, the system property {@code gankit.data}, else {@code ~/.gankit/data}.
 * A missing official file is downloaded when the machine is online, checked against its published
 * SHA-256, and only then moved into place.
 */
public final class DataFolder {
    /** Environment variable naming the data folder. */
    public static final String ENV = "GANKIT_DATA";

    private final Path root;
    private final boolean allowDownload;

    private DataFolder(Path root, boolean allowDownload) {
        this.root = root.toAbsolutePath().normalize();
        this.allowDownload = allowDownload;
    }

    /** The folder at {@code root}, downloading missing files when online. */
    public static DataFolder of(Path root) {
        return new DataFolder(root, true);
    }

    /** The folder given by flag ({@code explicit}, may be null), environment, property or default. */
    public static DataFolder resolve(Path explicit) {
        if (explicit != null) {
            return of(explicit);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return of(Path.of(env));
        }
        String prop = System.getProperty("gankit.data");
        if (prop != null && !prop.isBlank()) {
            return of(Path.of(prop));
        }
        return of(Path.of(System.getProperty("user.home"), ".gankit", "data"));
    }

    /** The same folder, never downloading: a missing file is an error that says where to put it. */
    public DataFolder offline() {
        return new DataFolder(root, false);
    }

    public Path root() {
        return root;
    }

    /**
     * The local path of an official file: as it is when present, else downloaded and verified.
     *
     * @throws GankitException when the file is missing and cannot be downloaded, or the download's
     *     checksum differs from the published one
     */
    public Path fetch(RemoteFile file) {
        Path local = root.resolve(file.relativePath());
        if (Files.isRegularFile(local)) {
            return local;
        }
        if (!allowDownload) {
            throw new GankitException(local + " is missing; put the official file there (from "
                    + file.urls().get(0) + ") or allow downloads");
        }
        List<String> failures = new ArrayList<>();
        for (String url : file.urls()) {
            try {
                download(URI.create(url), local, file.sha256());
                return local;
            } catch (BadInputException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                failures.add(url + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GankitException("download of " + url + " interrupted", e);
            }
        }
        throw new GankitException(local + " is missing and could not be downloaded ("
                + String.join("; ", failures) + "). Put the official file there, or point --data / "
                + ENV + " at a folder that has it.");
    }

    /**
     * Downloads {@code uri} to {@code target}: into a temporary file beside it, checked against
     * {@code sha256}, then renamed, so {@code target} is never a partial or unverified file.
     */
    static void download(URI uri, Path target, String sha256)
            throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(15))
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(10))
                .GET()
                .build();
        HttpResponse<InputStream> response =
                client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode());
        }
        System.err.println("downloading " + uri + " -> " + target);
        Path temp = AtomicFiles.tempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            try (InputStream in = response.body();
                    OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
            verifySha256(temp, sha256, uri.toString());
            Files.move(
                    temp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Fails with a message naming {@code source} unless {@code file} has the SHA-256 {@code expected}. */
    public static void verifySha256(Path file, String expected, String source) throws IOException {
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new BadInputException(source + ": SHA-256 " + actual + "; expected " + expected
                    + " (the file is corrupt or not the official one; it was not used)");
        }
    }

    /** The lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
