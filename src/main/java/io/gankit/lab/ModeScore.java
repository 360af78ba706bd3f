package io.gankit.lab;

import io.gankit.BadInputException;

import java.util.Locale;

/**
 * How generated samples spread over the modes of a known distribution, as VEEGAN (Srivastava et
 * al. 2017) and PacGAN (Lin et al. 2018) measure mode collapse.
 *
 * @param counts high-quality samples per mode (for stacked MNIST, classified samples per mode:
 *     every sample counts there)
 * @param samples all samples scored
 */
public record ModeScore(int[] counts, int samples) {
    /** A sample is of high quality within this many standard deviations of its nearest mode. */
    public static final double HIGH_QUALITY_STDS = 3.0;

    public ModeScore {
        if (counts.length == 0) {
            throw new BadInputException("a mode score needs at least one mode");
        }
        long sum = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new BadInputException("mode count " + c + "; expected 0 or more");
            }
            sum += c;
        }
        if (sum > samples) {
            throw new BadInputException(
                    sum + " samples counted in modes out of " + samples + " scored");
        }
        counts = counts.clone();
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    public int modes() {
        return counts.length;
    }

    /** Modes with at least one (high-quality) sample. */
    public int modesCovered() {
        int covered = 0;
        for (int c : counts) {
            if (c > 0) {
                covered++;
            }
        }
        return covered;
    }

    /** Samples that count for some mode. */
    public int highQuality() {
        int sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return sum;
    }

    /** The share of samples that are of high quality, in [0, 1]. */
    public double highQualityShare() {
        return samples == 0 ? 0 : highQuality() / (double) samples;
    }

    /** {@link #reverseKl(int[])} of this score's counts. */
    public double reverseKl() {
        return reverseKl(counts);
    }

    /**
     * The reverse KL divergence {@code KL(p_gen || uniform) = sum_k p_k log(p_k K)} in nats, where
     * {@code p} is the histogram normalised to sum 1 and {@code K} the number of modes. Empty
     * modes contribute 0 ({@code 0 log 0 = 0}), as in PacGAN's code ({@code JSD.KLD}, which skips
     * {@code p = 0}); a generator on a single mode scores {@code log K}, a uniform one 0.
     *
     * @return the divergence, or NaN when no sample counts for any mode (the histogram has no
     *     distribution to compare)
     */
    public static double reverseKl(int[] counts) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double kl = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = c / (double) total;
                kl += p * Math.log(p * counts.length);
            }
        }
        return kl;
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%d/%d modes, %.1f%% high quality, reverse KL %.3f",
                modesCovered(),
                modes(),
                100 * highQualityShare(),
                reverseKl());
    }
}
