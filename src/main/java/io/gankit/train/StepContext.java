package io.gankit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.gankit.data.TrainingData;

import java.util.SplittableRandom;

/**
 * What the loop hands a {@link Game} for one step: the step's scope, its random numbers and its
 * batches of training data, all derived from (seed, step) so that a resumed run repeats them.
 */
public final class StepContext {
    private final long index;
    private final NDManager scope;
    private final SplittableRandom random;
    private final TrainingData data;
    private final int[] order;
    private final int firstImage;
    private final int batchSize;
    private final int batches;

    StepContext(
            long index,
            NDManager scope,
            SplittableRandom random,
            TrainingData data,
            int[] order,
            int firstImage,
            int batchSize,
            int batches) {
        this.index = index;
        this.scope = scope;
        this.random = random;
        this.data = data;
        this.order = order;
        this.firstImage = firstImage;
        this.batchSize = batchSize;
        this.batches = batches;
    }

    /** The step's number, from 1: what a {@link DivergenceException} names. */
    public long number() {
        return index + 1;
    }

    /** The manager of everything the step creates; it closes when the step ends. */
    public NDManager scope() {
        return scope;
    }

    /** The step's random numbers (noise, penalty interpolation), derived from (seed, step). */
    public SplittableRandom random() {
        return random;
    }

    /** Images per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Batch {@code k} (from 0, below {@link Game#batchesPerStep()}) of this step's images, {@code (B, C, H, W)} in [-1, 1]. */
    public NDArray images(int k) {
        return data.batch(scope, order, first(k), batchSize);
    }

    /** The class labels of batch {@code k}, {@code (B)} int32. */
    public NDArray labels(int k) {
        return data.labels(scope, order, first(k), batchSize);
    }

    private int first(int k) {
        if (k < 0 || k >= batches) {
            throw new IndexOutOfBoundsException("batch " + k + " of a step that takes " + batches);
        }
        return firstImage + k * batchSize;
    }
}
