package io.gankit.loss;

import ai.djl.ndarray.NDArray;

import io.gankit.BadInputException;
import io.gankit.engine.Scalars;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The classic GAN objectives. Each works from logits {@code l} with D = sigmoid(l), through the
 * stable identities {@code -log D = softplus(-l)} and {@code -log(1 - D) = softplus(l)}, so no loss
 * becomes infinite when the discriminator is certain.
 */
public final class Losses {
    /** Names accepted by {@link #named}. */
    public static final List<String> NAMES =
            List.of("non-saturating", "minimax", "wasserstein", "hinge", "least-squares");

    private Losses() {}

    /** The loss called {@code name}, one of {@link #NAMES}. */
    public static GanLoss named(String name) {
        return switch (name) {
            case "non-saturating", "bce" -> nonSaturating();
            case "minimax", "saturating" -> minimax();
            case "wasserstein", "wgan" -> wasserstein();
            case "hinge" -> hinge();
            case "least-squares", "lsgan" -> leastSquares();
            default ->
                throw new BadInputException(
                        "loss '" + name + "' is unknown; expected one of " + NAMES);
        };
    }

    /**
     * Goodfellow et al.'s value function as written: D minimises {@code -log D(x) - log(1 - D(G(z)))}
     * and G minimises {@code log(1 - D(G(z)))}, whose gradient vanishes when D rejects fakes.
     */
    public static GanLoss minimax() {
        return new Pair(
                "minimax",
                true,
                Losses::bceDiscriminator,
                fake -> softplus(fake).mean().neg());
    }

    /**
     * The seed's objective: D as in {@link #minimax()}, G minimises {@code -log D(G(z))} (binary
     * cross-entropy with label 1), which keeps a strong gradient when D rejects fakes.
     */
    public static GanLoss nonSaturating() {
        return new Pair(
                "non-saturating",
                true,
                Losses::bceDiscriminator,
                fake -> softplus(fake.neg()).mean());
    }

    /** WGAN: the critic minimises {@code E[f(G(z))] - E[f(x)]}, the generator {@code -E[f(G(z))]}. */
    public static GanLoss wasserstein() {
        return new Pair(
                "wasserstein",
                false,
                (real, fake) -> fake.mean().sub(real.mean()),
                fake -> fake.mean().neg());
    }

    /** Hinge loss: {@code E[relu(1 - f(x))] + E[relu(1 + f(G(z)))]}; G minimises {@code -E[f(G(z))]}. */
    public static GanLoss hinge() {
        return new Pair(
                "hinge",
                false,
                (real, fake) -> Scalars.max(real.neg().add(1), 0)
                        .mean()
                        .add(Scalars.max(fake.add(1), 0).mean()),
                fake -> fake.mean().neg());
    }

    /** LSGAN: D minimises {@code (E[(f(x) - 1)^2] + E[f(G(z))^2]) / 2}, G {@code E[(f(G(z)) - 1)^2] / 2}. */
    public static GanLoss leastSquares() {
        return new Pair(
                "least-squares",
                false,
                (real, fake) -> Scalars.times(
                        real.sub(1).square().mean().add(fake.square().mean()), 0.5),
                fake -> Scalars.times(fake.sub(1).square().mean(), 0.5));
    }

    /** {@code -mean log D(x) - mean log(1 - D(G(z)))}: the sum of the two BCE terms, as in the seed. */
    static NDArray bceDiscriminator(NDArray real, NDArray fake) {
        return softplus(real.neg()).mean().add(softplus(fake).mean());
    }

    /** {@code log(1 + e^x)} computed as {@code max(x, 0) + log(1 + e^-|x|)}, finite for any x. */
    public static NDArray softplus(NDArray x) {
        return Scalars.max(x, 0).add(x.abs().neg().exp().add(1).log());
    }

    private record Pair(
            String name, boolean probabilistic, BinaryOperator<NDArray> d, UnaryOperator<NDArray> g)
            implements GanLoss {
        @Override
        public NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
            return d.apply(realLogits, fakeLogits);
        }

        @Override
        public NDArray generatorLoss(NDArray fakeLogits) {
            return g.apply(fakeLogits);
        }
    }
}
