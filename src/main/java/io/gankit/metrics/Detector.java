package io.gankit.metrics;

import ai.djl.ndarray.NDArray;

/**
 * A network that turns images into features (for FID and KID) and class probabilities (for IS and
 * class histograms): the standard Inception ({@link TorchScriptDetector}) or a kit-trained
 * {@link DomainClassifier}. Images are uint8 (or float) {@code (n, C, H, W)} with values 0..255.
 */
public interface Detector extends AutoCloseable {
    /** What the network is, for the passport. */
    String name();

    /** Lower-case hex SHA-256 of the file holding the network's weights. */
    String sha256();

    /** How images are resized before the network, for the passport. */
    String resizing();

    Features features(NDArray images);

    Features probabilities(NDArray images);

    @Override
    void close();
}
