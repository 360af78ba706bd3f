package io.gankit.loss;

import ai.djl.ndarray.NDArray;

import io.gankit.BadInputException;
import io.gankit.engine.Scalars;

import java.util.Locale;

/**
 * Super-resolution's content loss: how far a super-resolved image lies from its high-resolution
 * original, as a pure function of the two batches (a scalar to minimise). Either the pixel MSE
 * (SRResNet-MSE in Ledig et al. 2017) or the mean squared difference of a fixed network's
 * features (their VGG loss, here with whatever {@link FeatureMap} the caller has). The original
 * is a constant: no gradient reaches it.
 */
public interface ContentLoss {
    /** The loss's name, for a run's config and a table (for example {@code pixel-mse}). */
    String name();

    /** The loss of {@code superResolved} against {@code original}, both {@code (N, C, H, W)}. */
    NDArray loss(NDArray superResolved, NDArray original);

    /** The mean over every value of {@code (a - b)^2}, {@code b} a constant. */
    static NDArray meanSquared(NDArray a, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            throw new BadInputException("a squared difference of shapes " + a.getShape() + " and "
                    + b.getShape() + "; expected equal shapes");
        }
        return a.sub(b.stopGradient()).square().mean();
    }

    /** The pixel MSE, {@code mean((SR - HR)^2)}: SRResNet's loss, and SRGAN's without a feature network. */
    static ContentLoss pixels() {
        return new ContentLoss() {
            @Override
            public String name() {
                return "pixel-mse";
            }

            @Override
            public NDArray loss(NDArray superResolved, NDArray original) {
                return meanSquared(superResolved, original);
            }
        };
    }

    /**
     * {@code mean((s phi(SR) - s phi(HR))^2)} over every feature value, {@code phi} being {@code
     * features} and {@code s} {@code rescale}. The paper rescales VGG's features by 1/12.75 so that
     * the loss comes out near the pixel MSE's size, which keeps the 1e-3 weight of the adversarial
     * term meaningful; another network's features need their own factor (or 1).
     */
    static ContentLoss features(FeatureMap features, double rescale) {
        if (!(rescale > 0) || Double.isInfinite(rescale)) {
            throw new BadInputException(
                    "feature rescale " + rescale + "; expected a positive factor such as 1/12.75");
        }
        String name = String.format(Locale.ROOT, "%s x %.4g", features.name(), rescale);
        return new ContentLoss() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public NDArray loss(NDArray superResolved, NDArray original) {
                NDArray sr = Scalars.times(features.apply(superResolved), rescale);
                NDArray hr = Scalars.times(features.apply(original), rescale);
                return meanSquared(sr, hr);
            }
        };
    }
}
