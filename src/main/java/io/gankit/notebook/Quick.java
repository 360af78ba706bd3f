package io.gankit.notebook;

import io.gankit.BadInputException;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The sizes notebooks run at, in the manner of d2l-java's {@code MAX_EPOCH}: a notebook asks
 * {@code Quick.limit("MAX_EPOCH", 20, 6, 2)} and gets 20 at full size, 6 at lab size, 2 at quick
 * size, or whatever {@code MAX_EPOCH} says when that is set.
 *
 * <ul>
 *   <li><b>full</b> (the default): the run the notebook's story is about;</li>
 *   <li><b>lab</b> ({@code GANKIT_SIZE=lab}): a course lab's, each notebook in at most 10 minutes
 *       on a 2-core laptop and still showing its idea (digits you can read in 04);</li>
 *   <li><b>quick</b> ({@code GANKIT_QUICK=1}, or {@code GANKIT_SIZE=quick}): seconds, for CI and
 *       a first look; the pictures are of barely trained networks.</li>
 * </ul>
 *
 * Values come from system properties first (the kernel copies the environment variables there at
 * start), then the environment, so notebooks read the same limits under upstream IJava/JJava
 * kernels.
 */
public final class Quick {
    /** Set (to anything but 0/false) to run every notebook small. */
    public static final String FLAG = "GANKIT_QUICK";
    /** {@code quick}, {@code lab} or {@code full}: the size every notebook runs at. */
    public static final String SIZE = "GANKIT_SIZE";

    /** The sizes, smallest first. */
    public enum Size {
        QUICK,
        LAB,
        FULL
    }
    /**
     * The variables the kernel copies from its environment into system properties (with
     * {@link Exercises#SOLUTIONS}, which the notebook runner sets).
     */
    public static final List<String> VARIABLES = List.of(
            FLAG,
            SIZE,
            "MAX_EPOCH",
            "DATASET_LIMIT",
            "MAX_STEPS",
            "GANKIT_DATA",
            Exercises.SOLUTIONS);

    private Quick() {}

    /** Whether quick mode is on. */
    public static boolean on() {
        return size() == Size.QUICK;
    }

    /**
     * The size notebooks run at: {@code GANKIT_SIZE} when set, else quick when {@code
     * GANKIT_QUICK} is set (to anything but 0/false), else full.
     */
    public static Size size() {
        String size = lookup(SIZE);
        if (size != null && !size.isBlank()) {
            return switch (size.strip().toLowerCase(Locale.ROOT)) {
                case "quick" -> Size.QUICK;
                case "lab" -> Size.LAB;
                case "full" -> Size.FULL;
                default ->
                    throw new BadInputException(
                            SIZE + "=" + size + ": expected quick, lab or full");
            };
        }
        String quick = lookup(FLAG);
        return quick != null
                        && !quick.isBlank()
                        && !quick.equals("0")
                        && !quick.equalsIgnoreCase("false")
                ? Size.QUICK
                : Size.FULL;
    }

    /**
     * The limit called {@code name}: its explicit value if set, else {@code quick} at quick size
     * and {@code full} otherwise (a notebook whose full run fits a lab).
     */
    public static int limit(String name, int full, int quick) {
        return limit(name, full, full, quick);
    }

    /**
     * The limit called {@code name}: its explicit value if set, else the value for the {@link
     * #size()} in force.
     */
    public static int limit(String name, int full, int lab, int quick) {
        String value = lookup(name);
        if (value == null || value.isBlank()) {
            return switch (size()) {
                case QUICK -> quick;
                case LAB -> lab;
                case FULL -> full;
            };
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
