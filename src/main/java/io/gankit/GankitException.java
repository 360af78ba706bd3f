package io.gankit;

/**
 * The kit's one documented failure type: every error that comes from what a user gave the kit
 * (a file, a flag, a model setting) is a {@code GankitException} or a subclass, with a message
 * that names the file or value and what was expected.
 */
public class GankitException extends RuntimeException {
    public GankitException(String message) {
        super(message);
    }

    public GankitException(String message, Throwable cause) {
        super(message, cause);
    }
}
