package io.gankit;

import java.nio.file.Path;

/** A file or value the kit cannot use: truncated, corrupt, of the wrong kind or out of range. */
public class BadInputException extends GankitException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A message of the form "FILE: what was found; expected what". */
    public static BadInputException of(Path file, String found, String expected) {
        return new BadInputException(file + ": " + found + "; expected " + expected);
    }
}
