package io.gankit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.gankit.BadInputException;
import io.gankit.GankitException;
import io.gankit.nn.Gan;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * WGAN-GP's gradient penalty (Gulrajani et al., 2017):
 * {@code lambda * E[(||grad_xhat D(xhat)||_2 - 1)^2]} with {@code xhat = alpha x + (1 - alpha) G(z)}
 * and one {@code alpha ~ U(0, 1)} per sample, drawn in Java from the caller's random source.
 *
 * <p>The penalty is a function of a gradient, so training the critic on it needs gradients of
 * gradients. DJL's {@code GradientCollector} always runs the engine's backward without
 * {@code create_graph}; this class calls the PyTorch engine's own backward
 * ({@code JniUtils.backward(target, ones, keepGraph = true, createGraph = true)}), which leaves in
 * {@code xhat}'s gradient a tensor that is itself part of the autograd graph. During that backward
 * the critic's parameters are marked as not requiring gradients, so it writes nothing into their
 * gradients (which would add a term of no loss and, carrying a graph, leak native memory).
 *
 * <p>Use inside the critic step's {@code GradientCollector}:
 * <pre>{@code
 * NDArray loss = wasserstein.discriminatorLoss(realLogits, fakeLogits)
 *         .add(gp.penalty(gan, real, fake.stopGradient(), null, random));
 * collector.backward(loss);   // reaches the critic's parameters through both terms
 * }</pre>
 * Works with the PyTorch engine only (the kit's engine).
 */
public final class GradientPenalty {
    /** The paper's weight, lambda = 10. */
    public static final double PAPER_LAMBDA = 10;

    private final double lambda;

    /** A penalty of weight {@code lambda} (positive; the paper uses 10). */
    public GradientPenalty(double lambda) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new BadInputException("gradient penalty weight " + lambda + "; expected a positive number (the paper uses 10)");
        }
        this.lambda = lambda;
    }

    public double lambda() {
        return lambda;
    }

    /**
     * The penalty for a GAN's discriminator (with {@code labels} for a conditional one, else null),
     * run in training mode.
     */
    public NDArray penalty(Gan gan, NDArray real, NDArray fake, NDArray labels, SplittableRandom random) {
        Function<NDArray, NDArray> critic = labels == null
                ? x -> gan.discriminate(x, true)
                : x -> gan.discriminate(x, labels, true);
        return penalty(gan.discriminator(), critic, real, fake, random);
    }

    /**
     * The penalty as a scalar in {@code real}'s manager, whose backward reaches the critic's
     * parameters. Must run inside a {@code GradientCollector}; the gradients of {@code critic}'s
     * parameters are the same after the call as before it.
     *
     * @param parameters the block that owns the critic's parameters
     * @param critic maps a batch of the shape of {@code real} to {@code (B, 1)} critic values
     * @param real a real batch {@code (B, ...)}
     * @param fake a generated batch of the same shape (its graph to the generator is not used)
     * @param random source of the interpolation weights, one per sample
     */
    public NDArray penalty(Block parameters, Function<NDArray, NDArray> critic, NDArray real, NDArray fake,
            SplittableRandom random) {
        if (!real.getShape().equals(fake.getShape())) {
            throw new BadInputException("real batch " + real.getShape() + " and fake batch " + fake.getShape()
                    + " differ; expected the same shape");
        }
        if (!(real instanceof PtNDArray)) {
            throw new GankitException("the gradient penalty needs the PyTorch engine; got " + real.getManager().getEngine());
        }
        if (!JniUtils.isGradMode()) {
            throw new GankitException("GradientPenalty.penalty must run inside a GradientCollector (autograd is off)");
        }
        NDManager out = real.getManager();
        try (NDManager scope = out.newSubManager()) {
            NDArray xhat = interpolate(scope, real, fake, random);
            // The gradient is taken at a zero offset added to xhat rather than at xhat itself: a
            // leaf whose gradient carries a graph that refers back to the leaf is a reference cycle
            // libtorch never frees (measured: 0.7 MB lost per critic step on the 2-D critic). The
            // offset is read only by an addition, which keeps nothing, so no cycle forms.
            NDArray offset = scope.zeros(xhat.getShape(), xhat.getDataType());
            offset.setRequiresGradient(true);
            NDArray value = critic.apply(xhat.add(offset));
            NDArray ones = scope.ones(value.getShape(), value.getDataType());
            List<NDArray> trainable = trainable(parameters);
            // Only the input gradient is wanted. Parameters that require gradients would receive
            // d sum D(xhat) / d theta as a gradient carrying its own graph: a term of no loss, and
            // another such cycle. Autograd skips leaves that do not require gradients when it
            // accumulates, yet the graph recorded in the forward above still reaches them for the
            // final backward.
            setRequiresGradient(trainable, false);
            try {
                JniUtils.backward((PtNDArray) value, (PtNDArray) ones, true, true);
            } finally {
                setRequiresGradient(trainable, true);
            }
            NDArray grad = offset.getGradient();
            NDArray flat = grad.reshape(grad.getShape().get(0), -1);
            // sqrt(sum g^2 + tiny) keeps the norm's own gradient finite where g is exactly 0.
            NDArray norm = flat.square().sum(new int[] {1}).add(1e-12f).sqrt();
            NDArray result = norm.sub(1).square().mean().mul((float) lambda);
            result.attach(out);
            return result;
        }
    }

    /** {@code alpha * real + (1 - alpha) * fake}, one alpha ~ U(0, 1) per sample, detached from both. */
    static NDArray interpolate(NDManager into, NDArray real, NDArray fake, SplittableRandom random) {
        Shape shape = real.getShape();
        int n = Math.toIntExact(shape.get(0));
        double[] alpha = new double[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = random.nextDouble();
        }
        long[] broadcast = new long[shape.dimension()];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[0] = n;
        NDArray a = into.create(alpha, new Shape(broadcast)).toType(real.getDataType(), false);
        NDArray r = real.stopGradient();
        NDArray f = fake.stopGradient();
        r.attach(into);
        f.attach(into);
        NDArray mixed = f.add(r.sub(f).mul(a));
        return mixed.stopGradient();
    }

    private static List<NDArray> trainable(Block block) {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient() && p.getValue().getArray().hasGradient()) {
                out.add(p.getValue().getArray());
            }
        }
        return out;
    }

    private static void setRequiresGradient(List<NDArray> arrays, boolean requires) {
        for (NDArray a : arrays) {
            a.setRequiresGradient(requires);
        }
    }
}
