package io.gankit.cli;

import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;
import io.gankit.Shard;
import io.gankit.WorkerEngine;
import io.gankit.data.DataFolder;
import io.gankit.experiment.DomainScoring;
import io.gankit.experiment.Experiment;
import io.gankit.experiment.Sweep;
import io.gankit.experiment.SweepProgress;
import io.gankit.experiment.SweepResults;
import io.gankit.plot.Images;
import io.gankit.train.TrainListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./gankit sweep FILE}: every cell and seed of an experiment file, each into its own run
 * folder under one experiment folder, then the results as tables and charts. Started again, it
 * skips finished runs and resumes interrupted ones.
 */
public final class SweepCommand implements Command {
    static final Flag<Path> OUT = Flag.path(
                    "out", "DIR", "the experiment's folder: a run folder per cell and seed")
            .shownAs("runs/sweeps/NAME");
    static final Flag<Path> SUMMARY = Flag.path(
                    "summary", "DIR", "where runs.csv, cells.csv and the charts go")
            .shownAs("the experiment's folder");
    static final Flag<Integer> WORKERS =
            Flags.workers("train the runs in N worker processes of one engine thread each");
    static final Flag<String> ENGINE = Flags.engine();
    static final Flag<String> MASTER = Flags.master();
    static final Flag<Shard> SHARD = Flags.shard("runs");
    static final Flag<Path> DATA = Flags.data("data folder with the experiment's data sets");
    static final Flag<Path> CACHE = Flag.path(
                    "cache", "DIR", "where the domain classifiers that score the runs are kept")
            .defaultsTo(Path.of(System.getProperty("user.home"), ".gankit", "cache", "domain"));
    static final Flag<Boolean> QUICK = Flag.toggle(
            "quick",
            "a smoke test: each run " + Experiment.QUICK_STEPS
                    + " steps on 1,024 images (into NAME-quick)");

    static final Flags FLAGS = Flags.of(
                    OUT, SUMMARY, WORKERS, ENGINE, MASTER, SHARD, DATA, CACHE, QUICK)
            .withArguments("FILE", 1, 1);

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String summary() {
        return "run an experiment file: a grid of settings x seeds, resumable, with tables, bands and heat-maps";
    }

    @Override
    public String description() {
        return """
                Reads an experiment (experiments/*.json: a base config, a grid over config keys, seeds),
                trains every cell with every seed into DIR/CELL/seed-N, and writes runs.csv (one row per run:
                settings, seed, outcome, final losses and scores, time), cells.csv (mean and sd over seeds),
                loss bands over seeds (PNG) and, for a two-key grid, heat-maps. Run it again to resume: finished
                and diverged runs are kept, interrupted ones continue from their newest checkpoint.""";
    }

    @Override
    public Flags flags() {
        return FLAGS;
    }

    /** Each worker trains one run at a time on one thread: the kit's small networks run best that way. */
    @Override
    public int preferredThreads() {
        return 1;
    }

    @Override
    public int run(Args args) throws Exception {
        Path file = Path.of(args.positional().get(0));
        boolean quick = args.get(QUICK);
        Experiment experiment = quick ? Experiment.read(file).quick() : Experiment.read(file);
        String folderName = experiment.name() + (quick ? "-quick" : "");
        Path dir = args.has(OUT) ? args.get(OUT) : Path.of("runs", "sweeps", folderName);
        int workers = args.get(WORKERS);
        Shard shard = args.get(SHARD);
        WorkerEngine engine = Flags.engine(args, ENGINE, MASTER, WORKERS);
        boolean inWorkers = workers > 1 || !args.get(ENGINE).equals(WorkerEngine.LOCAL);
        if (inWorkers && !shard.isAll()) {
            throw new BadInputException("--shard " + shard + " with --workers " + workers
                    + " or --engine: give one or the other");
        }
        DataFolder data = DataFolder.resolve(args.get(DATA));
        Sweep sweep = Sweep.of(experiment, dir, data);
        List<Experiment.RunKey> runs = experiment.runs();
        Path cache = args.get(CACHE);
        if (!shard.isAll()) {
            return train(
                    sweep,
                    shard.select(runs),
                    data,
                    cache); // a worker, silent: the parent shows progress
        }
        if (inWorkers && experiment.scoring() != null) {
            // train each data set's classifier once here, so the workers load it instead of racing
            // to train it
            try (DomainScoring scoring =
                    new DomainScoring(experiment.scoring(), data, cache, System.out)) {
                runs.stream()
                        .map(k -> experiment.config(k.cell(), k.seed()).dataset())
                        .distinct()
                        .forEach(scoring::detector);
            }
        }
        System.out.printf(
                "sweep %s: %d cells x %d seeds = %d runs into %s%n",
                experiment.name(),
                experiment.cells().size(),
                experiment.seeds().size(),
                runs.size(),
                dir.toAbsolutePath());
        int code;
        try (ProgressLine progress = new ProgressLine(sweep)) {
            if (inWorkers) {
                // paths made absolute, for workers that start elsewhere (a cluster's executors)
                List<String> same =
                        args.given(List.of(WORKERS, ENGINE, MASTER, SHARD, OUT, DATA, CACHE));
                List<Shard> failed =
                        engine.run(engine.shards(runs.size()), Main.class.getName(), k -> {
                            List<String> argv = new ArrayList<>(List.of(
                                    "sweep",
                                    file.toAbsolutePath().toString(),
                                    "--shard",
                                    k.toString(),
                                    "--out",
                                    dir.toAbsolutePath().toString(),
                                    "--data",
                                    data.root().toAbsolutePath().toString(),
                                    "--cache",
                                    cache.toAbsolutePath().toString()));
                            argv.addAll(same);
                            return argv;
                        });
                code = failed.isEmpty() ? 0 : 1;
                if (!failed.isEmpty()) {
                    System.err.println("\ngankit sweep: worker(s) " + failed
                            + " failed; run the sweep again to resume");
                }
            } else {
                code = train(sweep, runs, data, cache);
            }
        }
        Path summary = args.has(SUMMARY) ? args.get(SUMMARY) : dir;
        writeResults(experiment, dir, summary);
        return code;
    }

    /**
     * Trains {@code runs} one after another, scored when the experiment says so; a failure of one
     * run (not a divergence) ends the sweep.
     */
    private static int train(
            Sweep sweep, List<Experiment.RunKey> runs, DataFolder data, Path cache) {
        Experiment e = sweep.experiment();
        try (NDManager manager = NDManager.newBaseManager();
                DomainScoring scoring = e.scoring() == null
                        ? null
                        : new DomainScoring(e.scoring(), data, cache, System.out)) {
            for (Experiment.RunKey key : runs) {
                TrainListener.Outcome outcome = sweep.run(
                        key,
                        k -> scoring == null
                                ? List.of()
                                : List.of(scoring.listener(
                                        e.config(k.cell(), k.seed()).dataset(),
                                        k.folder(sweep.dir()))),
                        manager);
                if (outcome == TrainListener.Outcome.STOPPED) {
                    return 130;
                }
            }
        }
        return 0;
    }

    /** The tables and charts of the sweep so far. */
    static void writeResults(Experiment experiment, Path dir, Path summary) {
        SweepResults results = SweepResults.read(experiment, dir);
        results.writeCsv(summary);
        List<String> measures = new ArrayList<>();
        results.runs().columnNames().stream()
                .filter(c -> c.endsWith("_loss") || c.startsWith("fid"))
                .forEach(measures::add);
        for (String m : measures) {
            if (m.endsWith("_loss")) {
                Images.writePng(results.bandChart(m), summary.resolve(m + "-bands.png"));
            }
            results.heatMap(m)
                    .ifPresent(
                            chart -> Images.writePng(chart, summary.resolve(m + "-heatmap.png")));
        }
        System.out.print(results.summaryText(
                List.of("fid", "coverage", "agreement", "fid_ema", "d_loss", "g_loss", "seconds")));
        System.out.println("wrote " + summary.resolve("runs.csv") + ", cells.csv and charts");
    }

    /** One line for the whole sweep, redrawn every two seconds from the run folders. */
    private static final class ProgressLine implements AutoCloseable {
        private final ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sweep-progress");
                    t.setDaemon(true);
                    return t;
                });
        private final Sweep sweep;
        private final long started = System.nanoTime();
        private final double startFraction;
        private final boolean terminal = System.console() != null;
        private long lastLogged;

        ProgressLine(Sweep sweep) {
            this.sweep = sweep;
            this.startFraction = SweepProgress.snapshot(sweep).fraction();
            timer.scheduleAtFixedRate(
                    this::print, 0, SweepProgress.INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void print() {
            long now = System.nanoTime();
            if (!terminal && now - lastLogged < 30_000_000_000L && lastLogged != 0) {
                return; // in a log, a line every 30 s
            }
            lastLogged = now;
            String line = SweepProgress.line(sweep, (now - started) / 1e9, startFraction);
            System.out.print(terminal ? "\r" + line : line + "\n");
            System.out.flush();
        }

        @Override
        public void close() {
            timer.shutdownNow();
            System.out.println((terminal ? "\r" : "")
                    + SweepProgress.line(
                            sweep, (System.nanoTime() - started) / 1e9, startFraction));
        }
    }
}
