package io.gankit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.function.BinaryOperator;

/**
 * Arithmetic of an array with a number that is safe inside a gradient graph.
 *
 * <p>DJL 0.35.1's PyTorch engine computes {@code x.mul(0.5f)}, {@code div}, {@code pow}, {@code
 * maximum} and {@code minimum} with a number by wrapping the number in a Java direct buffer
 * ({@code from_blob}, memory libtorch does not own), running the tensor operation and closing the
 * wrapper. Autograd saves that operand for the backward pass (the gradient of {@code x * c} is
 * {@code c}); once the closed wrapper is garbage collected its buffer is freed and reused, and the
 * backward pass reads whatever was written there. Gradients then depend on when the collector ran:
 * the same seed trained different runs (measured: 2 to 5 of 30 identical processes, on Intel and
 * AMD processors alike), or wrong ones. Here the number is an engine-allocated scalar, which the
 * graph keeps alive by reference. Additions and subtractions of a number are safe as DJL does them
 * (their backward pass never reads the number), as are comparisons (no gradient).
 */
public final class Scalars {
    private Scalars() {}

    /** {@code x * c}. */
    public static NDArray times(NDArray x, double c) {
        return withConstant(x, c, NDArray::mul);
    }

    /** {@code x / c}. */
    public static NDArray over(NDArray x, double c) {
        return withConstant(x, c, NDArray::div);
    }

    /**
     * {@code max(x, c)}, element-wise. Where {@code x == c} the gradient is split in half, as the
     * engine's {@code maximum} does: so {@code max(x, 0) + log(1 + e^-|x|)} has softplus's exact
     * slope of 1/2 at 0, which ReLU's subgradient of 0 there would lose.
     */
    public static NDArray max(NDArray x, double c) {
        return withConstant(x, c, NDArray::maximum);
    }

    /** {@code min(x, c)}, element-wise; a tie splits the gradient as in {@link #max}. */
    public static NDArray min(NDArray x, double c) {
        return withConstant(x, c, NDArray::minimum);
    }

    /** {@code op(x, c)} with {@code c} as a {@link #constant}; the graph keeps its own reference. */
    private static NDArray withConstant(NDArray x, double c, BinaryOperator<NDArray> op) {
        try (NDArray k = constant(x, c)) {
            return op.apply(x, k);
        }
    }

    /**
     * A 0-dimensional array holding {@code c} in {@code like}'s manager, type and device, in memory
     * the engine allocated (so a graph that saves it keeps it alive).
     */
    public static NDArray constant(NDArray like, double c) {
        return like.getManager().full(new Shape(), (float) c, like.getDataType());
    }
}
