package io.gankit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Where images to score come from, a batch at a time, so that a detector never needs all of them in
 * memory: a folder of PNG files ({@link ImageFolder}), or a trained generator sampled on demand (the
 * hook for run folders: an implementation samples noise with a fixed seed and passes the output
 * through {@link Quantization#fromSigned}).
 */
public interface SampleSource {
    /**
     * The next up to {@code count} images as uint8 {@code (n, C, H, W)} with values 0..255, C = 1 or 3,
     * created in {@code manager}; fewer than asked only when the source is exhausted.
     */
    NDArray next(NDManager manager, int count);

    /** How many images the source holds, or -1 when it is unbounded (a generator). */
    long size();

    /** What the images are, for the passport, e.g. {@code "folder samples/ (5000 PNG files)"}. */
    String description();
}
