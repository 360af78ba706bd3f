package io.gankit.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cell output grouped into whole lines. The base library sends one Jupyter stream message per
 * {@code print} call, so {@code printf("%d items", n)} would arrive as three outputs that the
 * HTML export shows on three lines. This stream passes complete lines on at once and a trailing
 * partial line after a short pause (so a progress dot still shows while the cell runs) or when
 * the cell ends.
 */
final class LineBufferedStream extends OutputStream {
    private static final long PARTIAL_LINE_DELAY_MILLIS = 250;
    private static final ScheduledExecutorService FLUSHER =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gankit-output-flush");
                t.setDaemon(true);
                return t;
            });

    private final PrintStream target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean flushScheduled;

    private LineBufferedStream(PrintStream target) {
        this.target = target;
    }

    /** A print stream that writes to {@code target} in whole lines. */
    static PrintStream over(PrintStream target) {
        return new PrintStream(new LineBufferedStream(target), false, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n') {
            forward();
        } else {
            schedule();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        int lastNewline = -1;
        for (int i = offset + length - 1; i >= offset; i--) {
            if (bytes[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < 0) {
            pending.write(bytes, offset, length);
            schedule();
            return;
        }
        pending.write(bytes, offset, lastNewline - offset + 1);
        forward();
        pending.write(bytes, lastNewline + 1, offset + length - lastNewline - 1);
        if (pending.size() > 0) {
            schedule();
        }
    }

    @Override
    public synchronized void flush() {
        forward();
    }

    private void forward() {
        if (pending.size() > 0) {
            target.write(pending.toByteArray(), 0, pending.size());
            pending.reset();
        }
        target.flush();
    }

    private void schedule() {
        if (!flushScheduled) {
            flushScheduled = true;
            FLUSHER.schedule(
                    () -> {
                        synchronized (this) {
                            flushScheduled = false;
                            forward();
                        }
                    },
                    PARTIAL_LINE_DELAY_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }
}
