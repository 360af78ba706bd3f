package io.gankit.train;

import io.gankit.AtomicFiles;
import io.gankit.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * A run's measurements, one row per step, as a Tablesaw table with the columns
 * {@code step, epoch, d_loss, g_loss, d_real, d_fake, seconds}.
 */
public final class History {
    /** Column names, in file order. */
    public static final List<String> COLUMNS =
            List.of("step", "epoch", "d_loss", "g_loss", "d_real", "d_fake", "seconds");

    private final Table table;

    private History(Table table) {
        this.table = table;
    }

    /** An empty history. */
    public static History create() {
        return new History(Table.create("history",
                LongColumn.create("step"), IntColumn.create("epoch"), DoubleColumn.create("d_loss"),
                DoubleColumn.create("g_loss"), DoubleColumn.create("d_real"), DoubleColumn.create("d_fake"),
                DoubleColumn.create("seconds")));
    }

    /** Appends one step. */
    public void add(StepRecord r) {
        table.longColumn("step").append(r.step());
        table.intColumn("epoch").append(r.epoch());
        table.doubleColumn("d_loss").append(r.dLoss());
        table.doubleColumn("g_loss").append(r.gLoss());
        table.doubleColumn("d_real").append(r.dReal());
        table.doubleColumn("d_fake").append(r.dFake());
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
        Row row = table.row(i);
        return new StepRecord(row.getLong("step"), row.getInt("epoch"), row.getDouble("d_loss"),
                row.getDouble("g_loss"), row.getDouble("d_real"), row.getDouble("d_fake"), row.getDouble("seconds"));
    }

    /** A copy with the rows whose step is at most {@code step}. */
    public History upTo(long step) {
        History out = create();
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
        sb.append(String.join(",", COLUMNS)).append('\n');
        for (int i = 0; i < size(); i++) {
            StepRecord r = record(i);
            sb.append(r.step()).append(',').append(r.epoch()).append(',')
                    .append(num(r.dLoss())).append(',').append(num(r.gLoss())).append(',')
                    .append(num(r.dReal())).append(',').append(num(r.dFake())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.seconds())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static String num(double v) {
        // Enough digits that a reread history equals the written one.
        return Double.toString(v);
    }

    /** Reads a history CSV written by {@link #writeCsv}. */
    public static History readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(String.join(",", COLUMNS))) {
            throw BadInputException.of(file, "header " + (lines.isEmpty() ? "(empty file)" : lines.get(0)),
                    String.join(",", COLUMNS));
        }
        History h = create();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != COLUMNS.size()) {
                throw BadInputException.of(file, "line " + (i + 1) + " has " + f.length + " fields", COLUMNS.size() + "");
            }
            try {
                h.add(new StepRecord(Long.parseLong(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6])));
            } catch (NumberFormatException e) {
                throw BadInputException.of(file, "line " + (i + 1) + ": " + e.getMessage(), "numbers");
            }
        }
        return h;
    }
}
