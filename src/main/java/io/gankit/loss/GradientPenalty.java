package io.gankit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import io.gankit.BadInputException;
import io.gankit.GankitException;
import io.gankit.engine.Scalars;
import io.gankit.nn.Gan;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * WGAN-GP's gradient penalty (Gulrajani et al., 2017):
 * {@code lambda * E[(||grad_xhat D(xhat)||_2 - 1)^2]} with {@code xhat = alpha x + (1 - alpha) G(z)}
 * and one {@code alpha ~ U(0, 1)} per sample, drawn in Java from the caller's random source.
 *
 * <p>The penalty is a function of a gradient, so training the critic on it needs gradients of
 * gradients. DJL's {@code GradientCollector} never builds the graph of a backward pass, and its
 * engine backward writes into {@code .grad} fields, where a graph-carrying gradient forms a
 * reference cycle libtorch never frees. The gradient with respect to {@code xhat} therefore comes
 * from {@link InputGradient} ({@code torch.autograd.grad} with {@code create_graph}), which writes
 * nothing into any {@code .grad}: the critic's parameter gradients are untouched by the call and
 * native memory stays flat over long runs.
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
            throw new BadInputException("gradient penalty weight " + lambda
                    + "; expected a positive number (the paper uses 10)");
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
    public NDArray penalty(
            Gan gan, NDArray real, NDArray fake, NDArray labels, SplittableRandom random) {
        Function<NDArray, NDArray> critic = labels == null
                ? x -> gan.discriminate(x, true)
                : x -> gan.discriminate(x, labels, true);
        return penalty(critic, real, fake, random);
    }

    /**
     * The penalty as a scalar in {@code real}'s manager, whose backward reaches the critic's
     * parameters. Must run inside a {@code GradientCollector}; the gradients of {@code critic}'s
     * parameters are the same after the call as before it.
     *
     * @param critic maps a batch of the shape of {@code real} to {@code (B, 1)} critic values
     * @param real a real batch {@code (B, ...)}
     * @param fake a generated batch of the same shape (its graph to the generator is not used)
     * @param random source of the interpolation weights, one per sample
     */
    public NDArray penalty(
            Function<NDArray, NDArray> critic,
            NDArray real,
            NDArray fake,
            SplittableRandom random) {
        if (!real.getShape().equals(fake.getShape())) {
            throw new BadInputException("real batch " + real.getShape() + " and fake batch "
                    + fake.getShape() + " differ; expected the same shape");
        }
        if (!(real instanceof PtNDArray)) {
            throw new GankitException("the gradient penalty needs the PyTorch engine; got "
                    + real.getManager().getEngine());
        }
        if (!JniUtils.isGradMode()) {
            throw new GankitException(
                    "GradientPenalty.penalty must run inside a GradientCollector (autograd is off)");
        }
        NDManager out = real.getManager();
        try (NDManager scope = out.newSubManager()) {
            NDArray xhat = interpolate(scope, real, fake, random);
            xhat.setRequiresGradient(true);
            NDArray grad = InputGradient.of(critic.apply(xhat), xhat);
            NDArray flat = grad.reshape(grad.getShape().get(0), -1);
            // sqrt(sum g^2 + tiny) keeps the norm's own gradient finite where g is exactly 0.
            NDArray norm = flat.square().sum(new int[] {1}).add(1e-12f).sqrt();
            NDArray result = Scalars.times(norm.sub(1).square().mean(), lambda);
            result.attach(out);
            return result;
        }
    }

    /** {@code alpha * real + (1 - alpha) * fake}, one alpha ~ U(0, 1) per sample, detached from both. */
    static NDArray interpolate(
            NDManager into, NDArray real, NDArray fake, SplittableRandom random) {
        Shape shape = real.getShape();
        int n = Math.toIntExact(shape.get(0));
        double[] alpha = new double[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = random.nextDouble();
        }
        long[] broadcast = new long[shape.dimension()];
        Arrays.fill(broadcast, 1);
        broadcast[0] = n;
        NDArray a = into.create(alpha, new Shape(broadcast)).toType(real.getDataType(), false);
        NDArray r = real.stopGradient();
        NDArray f = fake.stopGradient();
        r.attach(into);
        f.attach(into);
        NDArray mixed = f.add(r.sub(f).mul(a));
        return mixed.stopGradient();
    }
}
