package io.gankit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;

import io.gankit.BadInputException;
import io.gankit.GankitException;
import io.gankit.engine.Scalars;

/**
 * The R1 penalty (Mescheder, Geiger and Nowozin 2018, "Which Training Methods for GANs do actually
 * Converge?"): {@code gamma / 2 * E[||grad_x D(x)||^2]} on real images only. It pulls the
 * discriminator's surface flat where the data is, which makes the game converge locally; StyleGAN2
 * trains with it (gamma 0.01 on CIFAR-10 in StyleGAN2-ADA) and applies it lazily, every 16th
 * step with its weight multiplied by 16, since it changes slowly and costs a second backward pass.
 *
 * <p>Like WGAN-GP's {@link GradientPenalty}, the gradient comes from {@link InputGradient} ({@code
 * torch.autograd.grad} with its graph kept), so training on the penalty reaches D's parameters
 * through a gradient of a gradient, and nothing is written into any {@code .grad}. Use inside the
 * discriminator step's {@code GradientCollector}, with the real batch made to require gradients
 * before D reads it:
 * <pre>{@code
 * NDArray x = real.duplicate();
 * x.setRequiresGradient(true);
 * NDArray realLogits = discriminator(x);
 * NDArray loss = lossD.add(r1.penalty(realLogits, x));
 * }</pre>
 */
public final class R1Penalty {
    /** StyleGAN2-ADA's weight for CIFAR-10. */
    public static final double CIFAR_GAMMA = 0.01;

    private final double gamma;

    /** A penalty of weight {@code gamma} (positive). */
    public R1Penalty(double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new BadInputException(
                    "R1 weight gamma " + gamma + "; expected a positive number (StyleGAN2-ADA's"
                            + " CIFAR-10 setting is 0.01)");
        }
        this.gamma = gamma;
    }

    public double gamma() {
        return gamma;
    }

    /**
     * {@code E[||grad_x sum(logits)||^2]}, the batch mean of each sample's squared gradient norm,
     * as a scalar with its graph (D's logits depend on each sample's own input only, so the
     * gradient of the sum is each sample's gradient).
     */
    public static NDArray squaredGradientNorm(NDArray logits, NDArray inputs) {
        if (!JniUtils.isGradMode()) {
            throw new GankitException(
                    "R1Penalty must run inside a GradientCollector (autograd is off)");
        }
        if (!inputs.hasGradient()) {
            throw new BadInputException("R1 penalty: the inputs do not require gradients; call"
                    + " setRequiresGradient(true) on them before the discriminator reads them");
        }
        NDArray grad = InputGradient.of(logits, inputs);
        return grad.square()
                .reshape(grad.getShape().get(0), -1)
                .sum(new int[] {1})
                .mean();
    }

    /** The penalty, {@code gamma / 2 * weight * E[||grad||^2]}; {@code weight} is the lazy interval. */
    public NDArray penalty(NDArray logits, NDArray inputs, double weight) {
        return Scalars.times(squaredGradientNorm(logits, inputs), gamma / 2 * weight);
    }
}
