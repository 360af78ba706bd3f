package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import io.gankit.BadInputException;
import io.gankit.engine.Convolutions;

/**
 * A 2-D convolution layer: DJL's {@link Conv2d} (same parameters, same saved format, so every
 * checkpoint reads as before) whose forward pass goes through {@link Convolutions}, the kit's one
 * convolution, so the route chosen for this CPU's engine applies. Square kernels, dilation 1, one group.
 */
public final class Conv extends Conv2d {
    private Conv(Conv2d.Builder builder) {
        super(builder);
    }

    /**
     * {@code filters} output channels, a {@code kernel x kernel} window moved by {@code stride},
     * {@code padding} zero rows and columns on each side, and a bias per channel when {@code bias}.
     */
    public static Conv of(int filters, int kernel, int stride, int padding, boolean bias) {
        if (filters <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new BadInputException("Conv(filters " + filters + ", kernel " + kernel
                    + ", stride " + stride + ", padding " + padding
                    + "); expected positive filters, kernel and stride and padding >= 0");
        }
        return new Conv(Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = includeBias ? store.getValue(bias, x.getDevice(), training) : null;
        return new NDList(Convolutions.conv2d(x, w, b, stride, padding));
    }
}
