package io.gankit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * What a GAN trainer draws batches from: a fixed, indexable set of samples with labels. Images
 * ({@link ImageSet}) are one kind; 2-D point mixtures of the mode-collapse lab are another (each
 * point a sample of shape {@code (2, 1, 1)}).
 */
public interface TrainingData {
    String name();

    /** Number of samples. */
    int size();

    /** The shape of one sample, {@code (C, H, W)}. */
    Shape sampleShape();

    /** Class names; labels are indices into this list (one class for unlabelled data). */
    List<String> classNames();

    /** The first {@code n} samples (this set when {@code n >= size()}). */
    TrainingData limit(int n);

    /** Samples {@code indices[from .. from+count)} as a float array {@code (count, C, H, W)}, in [-1, 1] for images. */
    NDArray batch(NDManager manager, int[] indices, int from, int count);

    /** Labels of samples {@code indices[from .. from+count)} as int32 {@code (count)}. */
    NDArray labels(NDManager manager, int[] indices, int from, int count);
}
