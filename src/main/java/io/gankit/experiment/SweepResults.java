package io.gankit.experiment;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import io.gankit.metrics.TrainingScores;
import io.gankit.plot.Charts;
import io.gankit.train.History;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * What a sweep found, read from its run folders: a table with one row per run (its cell's values,
 * seed, outcome, steps, time, the final value of each measure, the last value of each score recorded
 * during training, and the best FID with its step), a table with one row per cell (mean and standard deviation over its finished runs),
 * loss bands over seeds and, for a grid of two keys, a heat-map. A run that diverged or has not
 * ended is a row with its outcome, never dropped.
 */
public final class SweepResults {
    /** How many of a run's last steps its final measures average over (as in a run's summary). */
    public static final int FINAL_STEPS = 100;

    private final Experiment experiment;
    private final Path dir;
    private final Map<Experiment.RunKey, History> histories = new LinkedHashMap<>();
    private final Table runs;

    private SweepResults(Experiment experiment, Path dir) {
        this.experiment = experiment;
        this.dir = dir;
        this.runs = readRuns();
    }

    /** The results of {@code experiment} in {@code dir}, as far as its runs have got. */
    public static SweepResults read(Experiment experiment, Path dir) {
        return new SweepResults(experiment, dir);
    }

    private Table readRuns() {
        List<Experiment.RunKey> keys = experiment.runs();
        List<String> measures = new ArrayList<>();
        for (Experiment.RunKey key : keys) {
            Path file = key.folder(dir).resolve("history.csv");
            if (Files.isRegularFile(file)) {
                History h = History.readCsv(file);
                histories.put(key, h);
                h.measures().stream().filter(m -> !measures.contains(m)).forEach(measures::add);
            }
        }
        List<String> scores = new ArrayList<>();
        for (Experiment.RunKey key : keys) {
            Scores sc = Scores.read(key.folder(dir));
            if (sc != null) {
                sc.columns().stream().filter(c -> !scores.contains(c)).forEach(scores::add);
            }
        }
        Table t = Table.create(experiment.name() + " runs", StringColumn.create("cell"));
        for (String k : experiment.keys()) {
            t.addColumns(StringColumn.create(k));
        }
        t.addColumns(
                LongColumn.create("seed"),
                StringColumn.create("outcome"),
                LongColumn.create("steps"),
                DoubleColumn.create("seconds"));
        for (String m : measures) {
            t.addColumns(DoubleColumn.create(m));
        }
        for (String c : scores) {
            t.addColumns(DoubleColumn.create(c));
        }
        List<String> bests = BEST_OF.stream().filter(scores::contains).toList();
        for (String c : bests) {
            t.addColumns(DoubleColumn.create("best_" + c), LongColumn.create(bestStepColumn(c)));
        }
        for (Experiment.RunKey key : keys) {
            t.stringColumn("cell").append(key.cell().name());
            for (String k : experiment.keys()) {
                t.stringColumn(k)
                        .append(Experiment.Cell.text(key.cell().values().get(k)));
            }
            t.longColumn("seed").append(key.seed());
            t.stringColumn("outcome").append(Sweep.outcome(key.folder(dir)));
            History h = histories.get(key);
            StepsAndSeconds s = h == null || h.size() == 0
                    ? new StepsAndSeconds(0, Double.NaN)
                    : new StepsAndSeconds(h.last().step(), h.last().seconds());
            t.longColumn("steps").append(s.steps());
            t.doubleColumn("seconds").append(s.seconds());
            for (String m : measures) {
                t.doubleColumn(m)
                        .append(
                                h == null || !h.measures().contains(m)
                                        ? Double.NaN
                                        : h.meanOfLast(m, FINAL_STEPS));
            }
            Scores sc = Scores.read(key.folder(dir));
            for (String c : scores) {
                t.doubleColumn(c).append(sc == null ? Double.NaN : sc.last(c));
            }
            for (String c : bests) {
                t.doubleColumn("best_" + c).append(sc == null ? Double.NaN : sc.best(c));
                t.longColumn(bestStepColumn(c)).append(sc == null ? -1 : sc.bestStep(c));
            }
        }
        return t;
    }

    /** Scores whose lowest value and its step each run reports: the domain FID and the standard one. */
    private static final List<String> BEST_OF = List.of("fid", "inception_fid");

    /** {@code best_step} for the domain FID (the step of the best checkpoint), {@code best_inception_step}. */
    private static String bestStepColumn(String score) {
        return score.equals("fid") ? "best_step" : "best_" + score.replace("_fid", "_step");
    }

    private record StepsAndSeconds(long steps, double seconds) {}

    /** A run's {@code scores.csv} ({@link io.gankit.metrics.TrainingScores}): its rows by column. */
    private record Scores(
            List<String> columns, List<Long> steps, Map<String, List<Double>> values) {
        static Scores read(Path run) {
            Path file = run.resolve(TrainingScores.FILE);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            try {
                List<String> lines = Files.readAllLines(file);
                List<String> header = List.of(lines.get(0).split(","));
                Map<String, List<Double>> values = new LinkedHashMap<>();
                header.subList(1, header.size()).forEach(c -> values.put(c, new ArrayList<>()));
                List<Long> steps = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    steps.add(Long.parseLong(f[0]));
                    for (int i = 1; i < header.size(); i++) {
                        values.get(header.get(i)).add(Double.parseDouble(f[i]));
                    }
                }
                return new Scores(header.subList(1, header.size()), steps, values);
            } catch (IOException | RuntimeException e) {
                throw BadInputException.of(
                        file,
                        "unreadable scores (" + e.getMessage() + ")",
                        "a header step,fid,... and rows of numbers");
            }
        }

        double last(String column) {
            List<Double> v = values.get(column);
            return v == null || v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
        }

        /** The lowest value after step 0 (the untrained generator is no candidate). */
        double best(String column) {
            int i = bestIndex(column);
            return i < 0 ? Double.NaN : values.get(column).get(i);
        }

        long bestStep(String column) {
            int i = bestIndex(column);
            return i < 0 ? -1 : steps.get(i);
        }

        private int bestIndex(String column) {
            List<Double> v = values.get(column);
            int best = -1;
            for (int i = 0; v != null && i < v.size(); i++) {
                if (steps.get(i) > 0 && (best < 0 || v.get(i) <= v.get(best))) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** One row per run, in the experiment's order (cell by cell, seed by seed). */
    public Table runs() {
        return runs;
    }

    /**
     * One row per cell: its values, how many runs it has, finished and diverged, and for every
     * number of the runs table (seconds, each measure) {@code NAME_mean} and {@code NAME_sd} over the
     * cell's finished runs (sample standard deviation; NaN when none finished, sd 0 for one run).
     */
    public Table cells() {
        Table t = Table.create(experiment.name() + " cells", StringColumn.create("cell"));
        for (String k : experiment.keys()) {
            t.addColumns(StringColumn.create(k));
        }
        t.addColumns(
                IntColumn.create("runs"),
                IntColumn.create("finished"),
                IntColumn.create("diverged"));
        List<String> numbers = new ArrayList<>();
        for (Column<?> c : runs.columns()) {
            if (c instanceof DoubleColumn) {
                numbers.add(c.name());
                t.addColumns(
                        DoubleColumn.create(c.name() + "_mean"),
                        DoubleColumn.create(c.name() + "_sd"));
            }
        }
        for (Experiment.Cell cell : experiment.cells()) {
            t.stringColumn("cell").append(cell.name());
            for (String k : experiment.keys()) {
                t.stringColumn(k).append(Experiment.Cell.text(cell.values().get(k)));
            }
            List<Integer> rows = new ArrayList<>();
            int finished = 0;
            int diverged = 0;
            for (int i = 0; i < runs.rowCount(); i++) {
                if (runs.stringColumn("cell").get(i).equals(cell.name())) {
                    rows.add(i);
                    String outcome = runs.stringColumn("outcome").get(i);
                    finished += outcome.equals("finished") ? 1 : 0;
                    diverged += outcome.equals("diverged") ? 1 : 0;
                }
            }
            t.intColumn("runs").append(rows.size());
            t.intColumn("finished").append(finished);
            t.intColumn("diverged").append(diverged);
            for (String n : numbers) {
                List<Double> values = new ArrayList<>();
                for (int i : rows) {
                    double v = runs.doubleColumn(n).getDouble(i);
                    if (runs.stringColumn("outcome").get(i).equals("finished")
                            && Double.isFinite(v)) {
                        values.add(v);
                    }
                }
                double[] ms = meanAndSd(values);
                t.doubleColumn(n + "_mean").append(ms[0]);
                t.doubleColumn(n + "_sd").append(ms[1]);
            }
        }
        return t;
    }

    /** Mean and sample standard deviation (n - 1); NaN, NaN for no values; sd 0 for one. */
    static double[] meanAndSd(List<Double> values) {
        if (values.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares =
                values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new double[] {mean, values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0
        };
    }

    /** Each cell's band of {@code measure} over its seeds (see {@link Bands}), cells in grid order. */
    public Map<String, Table> bands(String measure, int window) {
        Map<String, Table> out = new LinkedHashMap<>();
        for (Experiment.Cell cell : experiment.cells()) {
            List<History> hs = new ArrayList<>();
            histories.forEach((key, h) -> {
                if (key.cell().equals(cell) && h.measures().contains(measure) && h.size() > 0) {
                    hs.add(h);
                }
            });
            if (!hs.isEmpty()) {
                out.put(cell.name(), Bands.of(hs, measure, window));
            }
        }
        return out;
    }

    /** The bands of {@code measure} of every cell on one chart, smoothed over 1/50 of the longest run. */
    public XYChart bandChart(String measure) {
        int longest = histories.values().stream().mapToInt(History::size).max().orElse(1);
        return Charts.bands(
                experiment.name() + ": " + measure + " (mean +- sd over seeds)",
                measure,
                bands(measure, Math.max(1, longest / 50)));
    }

    /**
     * For a grid of exactly two keys, the cells' mean of {@code column} (a number of the runs table,
     * such as {@code g_loss} or {@code seconds}) as a heat-map: the first key across, the second up.
     */
    public Optional<HeatMapChart> heatMap(String column) {
        List<String> keys = experiment.keys();
        if (keys.size() != 2) {
            return Optional.empty();
        }
        List<String> xs = experiment.grid().get(keys.get(0)).stream()
                .map(Experiment.Cell::text)
                .toList();
        List<String> ys = experiment.grid().get(keys.get(1)).stream()
                .map(Experiment.Cell::text)
                .toList();
        double[][] values = new double[ys.size()][xs.size()];
        Table cells = cells();
        for (int i = 0; i < cells.rowCount(); i++) {
            int x = xs.indexOf(cells.stringColumn(keys.get(0)).get(i));
            int y = ys.indexOf(cells.stringColumn(keys.get(1)).get(i));
            values[y][x] = cells.doubleColumn(column + "_mean").getDouble(i);
        }
        return Optional.of(Charts.heatMap(
                experiment.name() + ": mean " + column, keys.get(0), xs, keys.get(1), ys, values));
    }

    /**
     * The cells as text for a terminal: each cell's finished and diverged runs, then mean +- sd of
     * the columns given (those the runs have), three significant digits.
     */
    public String summaryText(List<String> columns) {
        Table cells = cells();
        List<String> shown = columns.stream()
                .filter(c -> cells.columnNames().contains(c + "_mean"))
                .toList();
        int width = Math.max(
                4,
                experiment.cells().stream()
                        .mapToInt(c -> c.name().length())
                        .max()
                        .orElse(4));
        StringBuilder sb = new StringBuilder(
                String.format(Locale.ROOT, "%-" + width + "s  %8s", "cell", "finished"));
        for (String c : shown) {
            sb.append(String.format(Locale.ROOT, "  %-19s", c));
        }
        sb.append('\n');
        for (int i = 0; i < cells.rowCount(); i++) {
            String runsText = cells.intColumn("finished").getInt(i) + "/"
                    + cells.intColumn("runs").getInt(i)
                    + (cells.intColumn("diverged").getInt(i) > 0
                            ? " (" + cells.intColumn("diverged").getInt(i) + " div)"
                            : "");
            sb.append(String.format(
                    Locale.ROOT,
                    "%-" + width + "s  %8s",
                    cells.stringColumn("cell").get(i),
                    runsText));
            for (String c : shown) {
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-19s",
                        String.format(
                                Locale.ROOT,
                                "%.3g +- %.2g",
                                cells.doubleColumn(c + "_mean").getDouble(i),
                                cells.doubleColumn(c + "_sd").getDouble(i))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@code runs.csv} and {@code cells.csv} into the experiment's folder, atomically. */
    public void writeCsv() {
        writeCsv(dir);
    }

    /** Writes {@code runs.csv} and {@code cells.csv} into {@code folder}, atomically. */
    public void writeCsv(Path folder) {
        AtomicFiles.writeString(folder.resolve("runs.csv"), csv(runs));
        AtomicFiles.writeString(folder.resolve("cells.csv"), csv(cells()));
    }

    private static String csv(Table t) {
        StringWriter out = new StringWriter();
        t.write().usingOptions(CsvWriteOptions.builder(out).build());
        return out.toString();
    }
}
