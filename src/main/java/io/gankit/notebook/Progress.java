package io.gankit.notebook;

import io.gankit.BadInputException;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * A progress bar that redraws itself in place in the notebook:
 * <pre>{@code
 * Progress bar = Progress.start("epochs", 20);
 * for (...) { ...; bar.step("loss 0.31"); }
 * bar.finish();
 * }</pre>
 * Redraws are limited to a few per second, so calling {@link #step} for every batch is cheap.
 */
public final class Progress {
    private static final long MIN_REDRAW_NANOS = 200_000_000L;
    private static final int TEXT_WIDTH = 30;

    private final String label;
    private final long total;
    private final String displayId;
    private final long startNanos = System.nanoTime();
    private long done;
    private String note = "";
    private long lastRedraw;

    private Progress(String label, long total) {
        this.label = label;
        this.total = total;
        this.displayId = Show.publish(render());
        this.lastRedraw = System.nanoTime();
    }

    /** Shows a new bar at 0 of {@code total}. */
    public static Progress start(String label, long total) {
        if (total <= 0) {
            throw new BadInputException(
                    "progress bar '" + label + "': total " + total + " must be at least 1");
        }
        return new Progress(label, total);
    }

    /** One more unit done. */
    public void step() {
        set(done + 1, note);
    }

    /** One more unit done, with a note such as the current loss. */
    public void step(String note) {
        set(done + 1, note);
    }

    /** Sets how many units are done and the note beside the bar. */
    public synchronized void set(long done, String note) {
        this.done = Math.max(0, Math.min(done, total));
        this.note = note == null ? "" : note;
        long now = System.nanoTime();
        if (this.done == total || now - lastRedraw >= MIN_REDRAW_NANOS) {
            lastRedraw = now;
            Show.republish(displayId, render());
        }
    }

    /** Marks the work complete and draws the final state. */
    public synchronized void finish() {
        done = total;
        lastRedraw = System.nanoTime();
        Show.republish(displayId, render());
    }

    /** Units done so far. */
    public synchronized long done() {
        return done;
    }

    /** The id of the output this bar draws into. */
    public String displayId() {
        return displayId;
    }

    synchronized DisplayData render() {
        double fraction = (double) done / total;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String status =
                String.format("%d/%d (%.0f%%) %.1f s", done, total, 100 * fraction, seconds);
        int filled = (int) Math.round(fraction * TEXT_WIDTH);
        String text = label + " [" + "#".repeat(filled) + ".".repeat(TEXT_WIDTH - filled) + "] "
                + status + (note.isEmpty() ? "" : " " + note);
        DisplayData data = new DisplayData(text);
        data.putHTML("<div class=\"gankit-progress\"><span>" + Renderers.escape(label) + "</span> "
                + "<progress value=\"" + done + "\" max=\"" + total
                + "\" style=\"width:40%\"></progress> "
                + "<span>" + Renderers.escape(status) + "</span>"
                + (note.isEmpty() ? "" : " <span>" + Renderers.escape(note) + "</span>")
                + "</div>");
        return data;
    }
}
