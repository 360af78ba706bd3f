package io.gankit.cli;

import io.gankit.BadInputException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One flag of a verb, declared once: its name, the kind of value it takes, its default and its help
 * text. The verb's {@link Flags} parse the command line with it ({@link Flags#parse}) and print the
 * verb's help with it ({@link Flags#usage}); the command reads the value with {@link Args#get}, which
 * returns the default declared here when the flag is not given, so the default shown is the default
 * used.
 *
 * <p>A declaration reads {@code Flag.whole("epochs", "N", "passes over the data").defaultsTo(5)};
 * the modifiers return a new flag.
 *
 * @param <T> the value's type ({@code Boolean} for a switch, which takes no value)
 */
public final class Flag<T> {
    /**
     * How a flag's text becomes its value and a value its text.
     *
     * @param expected what a value must be, for the error of a wrong one: "a whole number"
     * @param parse text to value; any exception it throws means the text is not {@code expected}
     * @param show value to text, for defaults in the help and for passing a flag on to a worker
     */
    public record Type<T>(String expected, Function<String, T> parse, Function<T, String> show) {}

    /** Whole numbers ({@code 10000} or {@code 10_000}). */
    public static final Type<Integer> WHOLE = new Type<>(
            "a whole number", s -> Integer.parseInt(s.replace("_", "")), String::valueOf);
    /** Whole numbers that may exceed an int (steps, seeds). */
    public static final Type<Long> LONG =
            new Type<>("a whole number", s -> Long.parseLong(s.replace("_", "")), String::valueOf);
    /** Finite decimal numbers ({@code 2e-4}, {@code 0.5}). */
    public static final Type<Double> NUMBER = new Type<>("a number", Flag::finite, Flag::format);
    /** Any text. */
    public static final Type<String> TEXT = new Type<>("a value", s -> s, s -> s);
    /** A file or folder; the help shows the home folder as {@code ~}. */
    public static final Type<Path> PATH = new Type<>("a path", Path::of, Flag::format);
    /** A switch's value: {@code --quick} alone, or {@code --quick=true} / {@code --quick=false}. */
    public static final Type<Boolean> SWITCH =
            new Type<>("true or false", Flag::bool, String::valueOf);

    private final String name;
    private final String value;
    private final Type<T> type;
    private final String help;
    private final T fallback;
    private final String shown;
    private final String zeroWord;
    private final List<String> notes;
    private final boolean required;

    private Flag(
            String name,
            String value,
            Type<T> type,
            String help,
            T fallback,
            String shown,
            String zeroWord,
            List<String> notes,
            boolean required) {
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*") || name.equals("help")) {
            throw new IllegalArgumentException("flag name '" + name
                    + "': expected lower-case words joined by '-', not 'help'");
        }
        this.name = name;
        this.value = value;
        this.type = type;
        this.help = help;
        this.fallback = fallback;
        this.shown = shown;
        this.zeroWord = zeroWord;
        this.notes = List.copyOf(notes);
        this.required = required;
    }

    /** A flag {@code --name VALUE} of any {@code type}; {@code value} names the value in the help ("N", "DIR"). */
    public static <T> Flag<T> of(String name, String value, Type<T> type, String help) {
        return new Flag<>(name, value, type, help, null, null, null, List.of(), false);
    }

    /** {@code --name N}: a whole number. */
    public static Flag<Integer> whole(String name, String value, String help) {
        return of(name, value, WHOLE, help);
    }

    /** {@code --name N}: a whole number that may be large (steps, seeds). */
    public static Flag<Long> wholeLong(String name, String value, String help) {
        return of(name, value, LONG, help);
    }

    /** {@code --name X}: a number. */
    public static Flag<Double> number(String name, String value, String help) {
        return of(name, value, NUMBER, help);
    }

    /** {@code --name NAME}: text. */
    public static Flag<String> text(String name, String value, String help) {
        return of(name, value, TEXT, help);
    }

    /** {@code --name DIR}: a path. */
    public static Flag<Path> path(String name, String value, String help) {
        return of(name, value, PATH, help);
    }

    /** {@code --name}: a switch, off unless given. */
    public static Flag<Boolean> toggle(String name, String help) {
        return new Flag<>(name, null, SWITCH, help, false, null, null, List.of(), false);
    }

    /** {@code --name NAME}: one of {@code choices}. */
    public static Flag<String> choice(
            String name, String value, List<String> choices, String help) {
        return of(
                name,
                value,
                new Type<>(
                        "one of " + String.join(", ", choices),
                        s -> {
                            if (!choices.contains(s)) {
                                throw new IllegalArgumentException(s);
                            }
                            return s;
                        },
                        s -> s),
                help);
    }

    /**
     * {@code --name A,B,C}: a comma-separated list, each item one of {@code allowed} (any text when
     * {@code allowed} is null).
     */
    public static Flag<List<String>> list(
            String name, String value, List<String> allowed, String help) {
        String expected = allowed == null
                ? "a comma-separated list"
                : "some of " + String.join(", ", allowed) + ", comma-separated";
        return of(
                name,
                value,
                new Type<>(
                        expected,
                        s -> {
                            List<String> items = Arrays.stream(s.split(",", -1))
                                    .map(String::strip)
                                    .toList();
                            if (items.contains("")
                                    || (allowed != null && !allowed.containsAll(items))) {
                                throw new IllegalArgumentException(s);
                            }
                            return items;
                        },
                        items -> String.join(",", items)),
                help);
    }

    /** The flag with {@code fallback} as its value when it is not given, shown in the help. */
    public Flag<T> defaultsTo(T fallback) {
        return new Flag<>(name, value, type, help, fallback, shown, zeroWord, notes, required);
    }

    /**
     * The flag with its default shown as {@code text}: for a default that the command works out
     * (from the environment, the model, another flag), or a path in words.
     */
    public Flag<T> shownAs(String text) {
        return new Flag<>(name, value, type, help, fallback, text, zeroWord, notes, required);
    }

    /** The flag with a default of 0 shown as {@code word} ("off", "all", "no limit"). */
    public Flag<T> showZeroAs(String word) {
        return new Flag<>(name, value, type, help, fallback, shown, word, notes, required);
    }

    /** The flag with {@code note} after its default in the help: "(default 5; 2 with --quick)". */
    public Flag<T> also(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new Flag<>(name, value, type, help, fallback, shown, zeroWord, more, required);
    }

    /** The flag with values below {@code min} refused (a whole-number flag). */
    public Flag<T> atLeast(long min) {
        Type<T> bounded = new Type<>(
                type.expected() + " of at least " + min,
                s -> {
                    T v = type.parse().apply(s);
                    if (((Number) v).longValue() < min) {
                        throw new IllegalArgumentException(s);
                    }
                    return v;
                },
                type.show());
        return new Flag<>(name, value, bounded, help, fallback, shown, zeroWord, notes, required);
    }

    /** The flag as one that must be given; the usage line shows it. */
    public Flag<T> required() {
        return new Flag<>(name, value, type, help, fallback, shown, zeroWord, notes, true);
    }

    public String name() {
        return name;
    }

    /** The value's name in the help ("N", "DIR"); null for a switch. */
    public String value() {
        return value;
    }

    /** Whether this is a switch: given alone, with no value. */
    public boolean isSwitch() {
        return value == null;
    }

    public Type<T> type() {
        return type;
    }

    public String help() {
        return help;
    }

    /** The value when the flag is not given (null when the command works it out). */
    public T fallback() {
        return fallback;
    }

    public boolean isRequired() {
        return required;
    }

    /** The default as the help shows it, with its notes; null when the help shows none. */
    public String defaultText() {
        String text = shown;
        if (text == null && fallback != null && !isSwitch()) {
            text = zeroWord != null && fallback instanceof Number n && n.doubleValue() == 0
                    ? zeroWord
                    : type.show().apply(fallback);
        }
        if (notes.isEmpty()) {
            return text;
        }
        return (text == null ? "" : text + "; ") + String.join("; ", notes);
    }

    /** {@code --name VALUE}, or {@code --name} for a switch. */
    public String synopsis() {
        return "--" + name + (isSwitch() ? "" : " " + value);
    }

    /** The value of {@code text} given for this flag; a wrong one names the flag, the text and what was expected. */
    T read(String text) {
        try {
            T v = type.parse().apply(text);
            if (v != null) {
                return v;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new BadInputException("--" + name + " " + (text.isEmpty() ? "''" : text)
                + ": expected " + type.expected());
    }

    /** The text of {@code v} for this flag, to pass it on to a worker process. */
    String show(Object v) {
        @SuppressWarnings("unchecked")
        T t = (T) v;
        return type.show().apply(t);
    }

    @Override
    public String toString() {
        return "--" + name;
    }

    /** A number as people write it: 10000, 0.5, 2e-4. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        return (mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2) : mantissa)
                + "e" + s.substring(e + 1);
    }

    /** A path, with the home folder written {@code ~}. */
    static String format(Path p) {
        Path home = Path.of(System.getProperty("user.home"));
        return p.isAbsolute() && p.startsWith(home) && !p.equals(home)
                ? "~/" + home.relativize(p)
                : p.toString();
    }

    private static double finite(String s) {
        double v = Double.parseDouble(s.replace("_", ""));
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(s);
        }
        return v;
    }

    private static boolean bool(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(s);
        };
    }
}
