package io.gankit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;

import io.gankit.loss.GanLoss;
import io.gankit.loss.GradientPenalty;
import io.gankit.loss.WeightClipping;
import io.gankit.nn.Gan;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The two updates every GAN step is made of, in one place: {@link GanGame} composes them into
 * its steps, and the mode-collapse lab's hand-stepped D and G ({@code lab.ModeLab}) call them one
 * at a time, so a student steps exactly the code that trains.
 */
public final class GanUpdates {
    private final Gan gan;
    private final GanLoss loss;
    private final GradientPenalty penalty;
    private final Adam adamD;
    private final Adam adamG;
    private final double clip;

    /**
     * @param penalty WGAN-GP's gradient penalty, or null
     * @param clip WGAN's weight clipping of D after each update, or 0
     */
    public GanUpdates(
            Gan gan, GanLoss loss, GradientPenalty penalty, Adam adamD, Adam adamG, double clip) {
        this.gan = gan;
        this.loss = loss;
        this.penalty = penalty;
        this.adamD = adamD;
        this.adamG = adamG;
        this.clip = clip;
    }

    /** What a discriminator update saw: the generated batch, D's loss, mean D(x) and mean D(G(z)). */
    public record DiscriminatorUpdate(
            NDArray fake, double loss, double meanReal, double meanFake) {}

    /**
     * One update of D on {@code real} and a generated batch: D's loss on both (the generated one
     * detached from G), plus the gradient penalty when set, its gradients, Adam, then clipping when
     * set. {@code fake} is called inside the gradient collector, so a batch it generates there keeps
     * its graph through G for {@link #updateGenerator}.
     *
     * @param labels class labels of both batches (conditional models), or null
     * @param step the step reported when the loss is not finite (the update is then not applied)
     */
    public DiscriminatorUpdate updateDiscriminator(
            NDArray real,
            NDArray labels,
            Supplier<NDArray> fake,
            SplittableRandom random,
            long step) {
        NDArray generated;
        float[] v;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            generated = fake.get();
            NDArray realOut = discriminate(real, labels);
            NDArray fakeOut = discriminate(generated.stopGradient(), labels);
            NDArray lossD = loss.discriminatorLoss(realOut, fakeOut);
            if (penalty != null) {
                lossD = lossD.add(
                        penalty.penalty(gan, real, generated.stopGradient(), labels, random));
            }
            collector.backward(lossD);
            v = NDArrays.stack(new NDList(lossD, meanOutput(realOut), meanOutput(fakeOut)))
                    .toFloatArray();
            DivergenceException.requireFinite(step, "discriminator loss", v[0]);
        }
        adamD.step();
        if (clip > 0) {
            WeightClipping.clip(gan.discriminator(), clip);
        }
        return new DiscriminatorUpdate(generated, v[0], v[1], v[2]);
    }

    /**
     * One update of G through the frozen D: G's loss on what {@code fake} returns (called inside the
     * gradient collector: a batch with its graph through G, or one it generates there), its
     * gradients, Adam. Returns G's loss; a loss that is not finite stops before the update.
     */
    public double updateGenerator(Supplier<NDArray> fake, NDArray labels, long step) {
        double gLoss;
        adamD.freeze(
                true); // only D's trainable weights: its batch-norm statistics never need gradients
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray lossG = loss.generatorLoss(discriminate(fake.get(), labels));
            collector.backward(lossG);
            gLoss = lossG.getFloat();
            DivergenceException.requireFinite(step, "generator loss", gLoss);
        } finally {
            adamD.freeze(false);
        }
        adamG.step();
        return gLoss;
    }

    /** Images from latent {@code z} (and labels), G in training mode. */
    public NDArray generate(NDArray z, NDArray labels) {
        return labels == null ? gan.generate(z, true) : gan.generate(z, labels, true);
    }

    private NDArray discriminate(NDArray images, NDArray labels) {
        return labels == null
                ? gan.discriminate(images, true)
                : gan.discriminate(images, labels, true);
    }

    private NDArray meanOutput(NDArray out) {
        return loss.probabilistic() ? out.getNDArrayInternal().sigmoid().mean() : out.mean();
    }
}
