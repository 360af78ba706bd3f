package io.gankit.kernel;

import java.util.List;

/**
 * A cell that failed: it did not compile, it threw, or it was interrupted. The message is the one
 * line a notebook shows as the error value; {@link #traceback()} is what the notebook prints, in
 * terms of the user's cell (line numbers, source lines, the user's exception and the frames of the
 * libraries it came from), never the kernel's own frames.
 */
public final class CellError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final List<String> traceback;

    CellError(String errorName, String message, List<String> traceback) {
        // No Java stack: the base library sends it as the reply's traceback, and it would show the
        // kernel's frames.
        super(message, null, false, false);
        this.errorName = errorName;
        this.traceback = List.copyOf(traceback);
    }

    /** What kind of failure: the user's exception class, {@code CompilationError} or {@code Interrupted}. */
    public String errorName() {
        return errorName;
    }

    /** The lines to show in the notebook, without trailing newlines. */
    public List<String> traceback() {
        return traceback;
    }
}
