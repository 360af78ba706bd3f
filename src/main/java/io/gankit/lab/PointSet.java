package io.gankit.lab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;
import io.gankit.data.TrainingData;

import java.util.Arrays;
import java.util.List;

/**
 * A set of labelled 2-D points as training data: each point is a sample of shape {@code (2, 1, 1)},
 * so {@code new ModelSpec("mlp2d", latent, 2, 1, 1, 0)} describes a model for it.
 *
 * <p>Unlike images, {@link #batch} returns the raw coordinates, with no scaling to [-1, 1]: the
 * grid's modes sit at +-4, and the papers' generators end in a linear layer, not a Tanh.
 */
public final class PointSet implements TrainingData {
    private final String name;
    private final float[] xy;
    private final int[] labels;
    private final List<String> classNames;

    private PointSet(String name, float[] xy, int[] labels, List<String> classNames) {
        this.name = name;
        this.xy = xy;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Wraps points (not copied).
     *
     * @param xy interleaved coordinates {@code x0, y0, x1, y1, ...}, two per label
     * @param labels one label per point, each in {@code [0, classNames.size())}
     */
    public static PointSet create(String name, float[] xy, int[] labels, List<String> classNames) {
        if (xy.length != 2 * labels.length) {
            throw new BadInputException(name + ": " + xy.length + " coordinates for "
                    + labels.length + " points; expected " + 2 * labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new BadInputException(name + ": label " + labels[i] + " of point " + i
                        + " is out of range; expected 0.." + (classNames.size() - 1));
            }
        }
        return new PointSet(name, xy, labels, classNames);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Shape sampleShape() {
        return new Shape(2, 1, 1);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    public float x(int i) {
        return xy[2 * i];
    }

    public float y(int i) {
        return xy[2 * i + 1];
    }

    public int label(int i) {
        return labels[i];
    }

    /** All coordinates, interleaved {@code x0, y0, x1, y1, ...} (a copy). */
    public float[] coordinates() {
        return xy.clone();
    }

    @Override
    public PointSet limit(int n) {
        if (n >= size()) {
            return this;
        }
        if (n <= 0) {
            throw new BadInputException(
                    name + ": limit " + n + "; expected a positive number of points");
        }
        return new PointSet(name, Arrays.copyOf(xy, 2 * n), Arrays.copyOf(labels, n), classNames);
    }

    /** Points {@code indices[from .. from+count)} as raw coordinates, shape {@code (count, 2, 1, 1)}. */
    @Override
    public NDArray batch(NDManager manager, int[] indices, int from, int count) {
        float[] out = new float[2 * count];
        for (int i = 0; i < count; i++) {
            int src = indices[from + i];
            out[2 * i] = xy[2 * src];
            out[2 * i + 1] = xy[2 * src + 1];
        }
        return manager.create(out, new Shape(count, 2, 1, 1));
    }

    @Override
    public NDArray labels(NDManager manager, int[] indices, int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = labels[indices[from + i]];
        }
        return manager.create(out);
    }

    @Override
    public String toString() {
        return name + ": " + size() + " points, " + classNames.size() + " modes";
    }
}
