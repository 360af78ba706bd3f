package io.gankit.notebook;

import java.util.Locale;

/**
 * The checks that end every notebook: each states what must hold and fails the cell loudly, with
 * the values that broke it, when it does not (CI runs every notebook, so a broken story fails the
 * build).
 */
public final class Checks {
    private Checks() {}

    /**
     * Throws {@link AssertionError} with {@code message} (formatted with {@code args} as by
     * {@link String#format}, when any are given) unless {@code condition} holds.
     */
    public static void require(boolean condition, String message, Object... args) {
        if (!condition) {
            throw new AssertionError(
                    args.length == 0 ? message : String.format(Locale.ROOT, message, args));
        }
    }
}
