package io.gankit.train;

import io.gankit.BadInputException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What one training step measured: one row of the history.
 *
 * @param step steps done, counting this one (1 for the first)
 * @param epoch the epoch this step belongs to, from 1
 * @param measures the names of the game's measurements (for a GAN: {@code d_loss, g_loss, d_real,
 *     d_fake}; see {@link Game#measures()})
 * @param values their values, in the same order
 * @param seconds training time since the run began, across resumes
 */
public record StepRecord(
        long step, int epoch, List<String> measures, double[] values, double seconds) {
    public StepRecord {
        measures = List.copyOf(measures);
        values = values.clone();
        if (measures.size() != values.length) {
            throw new IllegalArgumentException(
                    values.length + " values for the measures " + measures);
        }
    }

    /** The value of one measure, for example {@code value("d_loss")}. */
    public double value(String measure) {
        int i = measures.indexOf(measure);
        if (i < 0) {
            throw new BadInputException(
                    "no measure '" + measure + "' in this history; it has " + measures);
        }
        return values[i];
    }

    /** Whether this record has {@code measure}. */
    public boolean has(String measure) {
        return measures.contains(measure);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepRecord r
                && step == r.step
                && epoch == r.epoch
                && measures.equals(r.measures)
                && Arrays.equals(values, r.values)
                && Double.compare(seconds, r.seconds) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(step) * 31 + Arrays.hashCode(values);
    }

    /** The measures as {@code name value} pairs, three decimals: a progress line's tail. */
    public String measuresText() {
        StringJoiner out = new StringJoiner("  ");
        for (int i = 0; i < values.length; i++) {
            out.add(String.format(Locale.ROOT, "%s %.3f", measures.get(i), values[i]));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "step " + step + " (epoch " + epoch + "): " + measuresText()
                + String.format(Locale.ROOT, ", %.1f s", seconds);
    }
}
