package io.gankit.notebook;

import io.gankit.BadInputException;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Quick mode for notebooks, in the manner of d2l-java's {@code MAX_EPOCH}: a notebook asks
 * {@code Quick.limit("MAX_EPOCH", 20, 1)} and gets 20 normally, 1 when {@code GANKIT_QUICK} is
 * set, or whatever {@code MAX_EPOCH} says when that is set. Values come from system properties
 * first (the kernel copies the environment variables there at start), then the environment, so
 * notebooks read the same limits under upstream IJava/JJava kernels.
 */
public final class Quick {
    /** Set (to anything but 0/false) to run every notebook small. */
    public static final String FLAG = "GANKIT_QUICK";
    /**
     * The variables the kernel copies from its environment into system properties (with
     * {@link Exercises#SOLUTIONS}, which the notebook runner sets).
     */
    public static final List<String> VARIABLES = List.of(
            FLAG, "MAX_EPOCH", "DATASET_LIMIT", "MAX_STEPS", "GANKIT_DATA", Exercises.SOLUTIONS);

    private Quick() {}

    /** Whether quick mode is on. */
    public static boolean on() {
        String value = lookup(FLAG);
        return value != null
                && !value.isBlank()
                && !value.equals("0")
                && !value.equalsIgnoreCase("false");
    }

    /**
     * The limit called {@code name}: its explicit value if set, else {@code quick} in quick mode,
     * else {@code full}.
     */
    public static int limit(String name, int full, int quick) {
        String value = lookup(name);
        if (value == null || value.isBlank()) {
            return on() ? quick : full;
        }
        try {
            return Integer.parseInt(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new BadInputException(name + "=" + value + ": expected a whole number");
        }
    }

    /** Copies the {@link #VARIABLES} that are set in {@code env} and not yet in {@code properties}. */
    public static void copyEnvironment(Map<String, String> env, Properties properties) {
        for (String name : VARIABLES) {
            String value = env.get(name);
            if (value != null && properties.getProperty(name) == null) {
                properties.setProperty(name, value);
            }
        }
    }

    private static String lookup(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
