package io.gankit.cli;

import io.gankit.BadInputException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line read by a verb's {@link Flags}: the values of the flags given, and the arguments
 * besides them. {@link #get} returns a flag's value, or its declared default when it was not
 * given; it records the flags read, so that {@link #rejectUnused} can refuse a flag that does not
 * apply to what the verb was asked to do.
 */
public final class Args {
    private final Flags flags;
    private final Map<Flag<?>, Object> values;
    private final Map<Flag<?>, String> texts;
    private final List<String> positional;
    private final Set<Flag<?>> read = new HashSet<>();

    Args(
            Flags flags,
            Map<Flag<?>, Object> values,
            Map<Flag<?>, String> texts,
            List<String> positional) {
        this.flags = flags;
        this.values = values;
        this.texts = texts;
        this.positional = List.copyOf(positional);
    }

    /** {@code argv} read by {@code flags}; see {@link Flags#parse}. */
    public static Args parse(String[] argv, Flags flags) {
        return flags.parse(argv);
    }

    /** The arguments besides the flags, in order. */
    public List<String> positional() {
        return positional;
    }

    /** Whether {@code flag} was given. */
    public boolean has(Flag<?> flag) {
        check(flag);
        read.add(flag);
        return values.containsKey(flag);
    }

    /** The value of {@code flag}: as given, else its declared default (null when it declares none). */
    public <T> T get(Flag<T> flag) {
        return getOr(flag, flag.fallback());
    }

    /** The value of {@code flag} as given, else {@code fallback} (a default the command works out). */
    public <T> T getOr(Flag<T> flag, T fallback) {
        check(flag);
        read.add(flag);
        @SuppressWarnings("unchecked")
        T v = (T) values.get(flag);
        return v != null ? v : fallback;
    }

    /**
     * Refuses the flags given that the verb has not read: they do not apply to this form of it
     * ({@code when}: "with --frechet").
     */
    public void rejectUnused(String when) {
        for (Flag<?> f : texts.keySet()) {
            if (!read.contains(f)) {
                throw new BadInputException(
                        "--" + f.name() + " does not apply " + when + " (see --help)");
            }
        }
    }

    /**
     * The flags given, except {@code leaveOut}, as command-line words ({@code --name value}), to pass
     * the same request on to a worker process.
     */
    public List<String> given(Collection<? extends Flag<?>> leaveOut) {
        List<String> argv = new ArrayList<>();
        for (Map.Entry<Flag<?>, String> e : texts.entrySet()) {
            Flag<?> f = e.getKey();
            if (leaveOut.stream().noneMatch(x -> x == f)) {
                argv.add(
                        f.isSwitch()
                                ? "--" + f.name() + "=" + f.show(values.get(f))
                                : "--" + f.name());
                if (!f.isSwitch()) {
                    argv.add(e.getValue());
                }
            }
        }
        return argv;
    }

    private void check(Flag<?> flag) {
        if (flags.all().stream().noneMatch(f -> f == flag)) {
            throw new IllegalStateException(flag + " is not one of this verb's declared flags");
        }
    }
}
