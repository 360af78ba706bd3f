package io.gankit.experiment;

import io.gankit.plot.Charts;
import io.gankit.train.History;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * A loss curve over seeds: at each step, the mean and standard deviation across runs of a measure,
 * each run's curve first smoothed by a trailing moving average. A run that ended early (diverged)
 * counts only at the steps it reached; the {@code runs} column says how many runs each row has.
 */
public final class Bands {
    private Bands() {}

    /**
     * The band of {@code measure} over {@code histories}: a table {@code step, mean, sd, runs}, one
     * row per step that at least one run reached. The standard deviation is the sample one (n - 1),
     * 0 where only one run counts.
     *
     * @param window the moving average's length in steps (1: raw values)
     */
    public static Table of(List<History> histories, String measure, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window " + window + "; expected at least 1");
        }
        int steps = histories.stream().mapToInt(History::size).max().orElse(0);
        double[][] smoothed = new double[histories.size()][];
        for (int r = 0; r < histories.size(); r++) {
            smoothed[r] = Charts.movingAverage(
                    histories.get(r).table().doubleColumn(measure).asDoubleArray(), window);
        }
        LongColumn step = LongColumn.create("step");
        DoubleColumn mean = DoubleColumn.create("mean");
        DoubleColumn sd = DoubleColumn.create("sd");
        IntColumn runs = IntColumn.create("runs");
        for (int i = 0; i < steps; i++) {
            double sum = 0;
            int n = 0;
            long stepNumber = 0;
            for (int r = 0; r < smoothed.length; r++) {
                if (i < smoothed[r].length) {
                    sum += smoothed[r][i];
                    n++;
                    stepNumber = histories.get(r).table().longColumn("step").getLong(i);
                }
            }
            double m = sum / n;
            double squares = 0;
            for (double[] run : smoothed) {
                if (i < run.length) {
                    squares += (run[i] - m) * (run[i] - m);
                }
            }
            step.append(stepNumber);
            mean.append(m);
            sd.append(n > 1 ? Math.sqrt(squares / (n - 1)) : 0);
            runs.append(n);
        }
        return Table.create(measure + " over seeds", step, mean, sd, runs);
    }
}
