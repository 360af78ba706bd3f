package io.gankit;

/** A model or parameter file that cannot be loaded: unreadable, corrupt, or of another network. */
public class MalformedModelException extends BadInputException {
    public MalformedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
