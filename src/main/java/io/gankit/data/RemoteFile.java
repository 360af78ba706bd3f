package io.gankit.data;

import java.util.List;

/**
 * An official data file: where it lives inside the data folder, where it can be downloaded, and
 * the SHA-256 of the file as published, so a download is checked before it is used.
 *
 * @param relativePath the path inside the data folder, e.g. {@code mnist/train-images-idx3-ubyte.gz}
 * @param urls mirrors to try in order
 * @param sha256 lower-case hex SHA-256 of the downloaded bytes
 */
public record RemoteFile(String relativePath, List<String> urls, String sha256) {
    public RemoteFile {
        urls = List.copyOf(urls);
    }
}
