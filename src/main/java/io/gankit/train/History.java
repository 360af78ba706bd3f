package io.gankit.train;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * A run's measurements, one row per step, as a Tablesaw table with the columns
 * {@code step, epoch}, the game's measures ({@link Game#measures()}; for a GAN {@code d_loss,
 * g_loss, d_real, d_fake}), then {@code seconds}.
 */
public final class History {
    private final List<String> measures;
    private final Table table;

    private History(List<String> measures) {
        this.measures = List.copyOf(measures);
        this.table = Table.create("history", LongColumn.create("step"), IntColumn.create("epoch"));
        for (String m : measures) {
            if (m.equals("step")
                    || m.equals("epoch")
                    || m.equals("seconds")
                    || !m.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException(
                        "measure name '" + m
                                + "'; expected lower-case letters, digits and _, other than step, epoch and seconds");
            }
            table.addColumns(DoubleColumn.create(m));
        }
        table.addColumns(DoubleColumn.create("seconds"));
    }

    /** An empty history of a game with these measures. */
    public static History create(List<String> measures) {
        return new History(measures);
    }

    /** The column names, in file order. */
    public List<String> columns() {
        List<String> all = new ArrayList<>(List.of("step", "epoch"));
        all.addAll(measures);
        all.add("seconds");
        return all;
    }

    /** The game's measures (the columns between {@code epoch} and {@code seconds}). */
    public List<String> measures() {
        return measures;
    }

    /** Appends one step. */
    public void add(StepRecord r) {
        if (!r.measures().equals(measures)) {
            throw new IllegalArgumentException(
                    "a step measuring " + r.measures() + " in a history of " + measures);
        }
        table.longColumn("step").append(r.step());
        table.intColumn("epoch").append(r.epoch());
        double[] v = r.values();
        for (int i = 0; i < v.length; i++) {
            table.doubleColumn(measures.get(i)).append(v[i]);
        }
        table.doubleColumn("seconds").append(r.seconds());
    }

    /** The live table (read it; add rows through {@link #add}). */
    public Table table() {
        return table;
    }

    public int size() {
        return table.rowCount();
    }

    /** The last row, or null when empty. */
    public StepRecord last() {
        return size() == 0 ? null : record(size() - 1);
    }

    /** Row {@code i} as a record. */
    public StepRecord record(int i) {
        double[] v = new double[measures.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = table.doubleColumn(measures.get(k)).getDouble(i);
        }
        return new StepRecord(
                table.longColumn("step").getLong(i),
                table.intColumn("epoch").getInt(i),
                measures,
                v,
                table.doubleColumn("seconds").getDouble(i));
    }

    /** The mean of {@code measure} over the last {@code n} rows (fewer when the history is shorter); NaN when empty. */
    public double meanOfLast(String measure, int n) {
        DoubleColumn c = table.doubleColumn(measure);
        int from = Math.max(0, size() - n);
        double sum = 0;
        for (int i = from; i < size(); i++) {
            sum += c.getDouble(i);
        }
        return size() == from ? Double.NaN : sum / (size() - from);
    }

    /** A copy with the rows whose step is at most {@code step}. */
    public History upTo(long step) {
        History out = create(measures);
        for (int i = 0; i < size(); i++) {
            StepRecord r = record(i);
            if (r.step() <= step) {
                out.add(r);
            }
        }
        return out;
    }

    /** Writes the history as CSV, atomically. */
    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder(64 * (size() + 1));
        sb.append(String.join(",", columns())).append('\n');
        for (int i = 0; i < size(); i++) {
            StepRecord r = record(i);
            sb.append(r.step()).append(',').append(r.epoch()).append(',');
            for (double v : r.values()) {
                sb.append(number(v)).append(',');
            }
            sb.append(String.format(Locale.ROOT, "%.3f", r.seconds())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * {@code v} as few characters as reread it exactly: a whole number (a level, a count) without
     * the {@code .0}, anything else by {@link Double#toString}. Every CSV of numbers the kit writes
     * (histories, scores while training) uses it.
     */
    public static String number(double v) {
        boolean whole = v == Math.rint(v) && Math.abs(v) < 1e15;
        boolean negativeZero = Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(-0.0);
        return whole && !negativeZero ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Reads a history CSV written by {@link #writeCsv}: a header {@code step,epoch,...,seconds}, then
     * one row per step.
     */
    public static History readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        String expected = "step,epoch,<measures>,seconds";
        if (lines.isEmpty()) {
            throw BadInputException.of(file, "an empty file", "a header " + expected);
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        if (header.size() < 3
                || !header.get(0).equals("step")
                || !header.get(1).equals("epoch")
                || !header.get(header.size() - 1).equals("seconds")) {
            throw BadInputException.of(file, "header " + lines.get(0), expected);
        }
        History h;
        try {
            h = create(header.subList(2, header.size() - 1));
        } catch (IllegalArgumentException e) {
            throw BadInputException.of(
                    file, "header " + lines.get(0) + " (" + e.getMessage() + ")", expected);
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != header.size()) {
                throw BadInputException.of(
                        file,
                        "line " + (i + 1) + " has " + f.length + " fields",
                        header.size() + "");
            }
            try {
                double[] v = new double[header.size() - 3];
                for (int k = 0; k < v.length; k++) {
                    v[k] = Double.parseDouble(f[k + 2]);
                }
                h.add(new StepRecord(
                        Long.parseLong(f[0]),
                        Integer.parseInt(f[1]),
                        h.measures,
                        v,
                        Double.parseDouble(f[f.length - 1])));
            } catch (NumberFormatException e) {
                throw BadInputException.of(
                        file, "line " + (i + 1) + ": " + e.getMessage(), "numbers");
            }
        }
        return h;
    }
}
