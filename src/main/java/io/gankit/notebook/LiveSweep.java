package io.gankit.notebook;

import ai.djl.ndarray.NDManager;

import io.gankit.experiment.Experiment;
import io.gankit.experiment.Sweep;
import io.gankit.experiment.SweepProgress;
import io.gankit.experiment.SweepResults;
import io.gankit.train.GanTrainer;
import io.gankit.train.StepRecord;
import io.gankit.train.TrainListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Runs a sweep from a notebook cell, in the kernel's process: one progress bar for the whole sweep
 * (per mille of its steps) with the run being trained beside it, and the band chart of a measure
 * redrawn after every run, so the curves over seeds grow while it works.
 * <pre>{@code
 * SweepResults results = LiveSweep.run(sweep, "g_loss", manager);
 * }</pre>
 */
public final class LiveSweep {
    private LiveSweep() {}

    /**
     * Trains every run of {@code sweep} that has not ended (finished runs are kept, interrupted ones
     * resume) and returns its results.
     *
     * @param measure the history column whose bands are drawn ({@code g_loss}, {@code d_loss}, ...)
     * @param extra listeners for each run (scores), may return an empty list
     */
    public static SweepResults run(
            Sweep sweep,
            String measure,
            Function<Experiment.RunKey, List<TrainListener>> extra,
            NDManager manager) {
        Experiment e = sweep.experiment();
        Progress bar = Progress.start("sweep " + e.name(), 1000);
        String chart = Show.display(SweepResults.read(e, sweep.dir()).bandChart(measure));
        for (Experiment.RunKey key : e.runs()) {
            String where = key.cell().name() + " seed " + key.seed();
            TrainListener follow = new TrainListener() {
                @Override
                public void onStep(GanTrainer<?> t, StepRecord r) {
                    if (r.step() % 10 == 0 || r.step() == t.totalSteps()) {
                        double done = SweepProgress.snapshot(sweep).fraction();
                        bar.set(
                                Math.round(1000 * done),
                                String.format(
                                        Locale.ROOT,
                                        "%s, step %d/%d",
                                        where,
                                        r.step(),
                                        t.totalSteps()));
                    }
                }
            };
            sweep.run(
                    key,
                    k -> {
                        List<TrainListener> all = new ArrayList<>(extra.apply(k));
                        all.add(follow);
                        return all;
                    },
                    manager);
            Show.update(chart, SweepResults.read(e, sweep.dir()).bandChart(measure));
        }
        bar.finish();
        return SweepResults.read(e, sweep.dir());
    }

    /** {@link #run(Sweep, String, Function, NDManager)} without extra listeners. */
    public static SweepResults run(Sweep sweep, String measure, NDManager manager) {
        return run(sweep, measure, k -> List.of(), manager);
    }
}
