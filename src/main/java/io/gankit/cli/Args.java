package io.gankit.cli;

import io.gankit.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of the form {@code --name value}, {@code --name=value} or a bare {@code --switch},
 * and positional arguments. Each accessor records the flags it read so that {@link #rejectUnknown()}
 * can name a mistyped flag instead of ignoring it.
 */
public final class Args {
    private final Map<String, String> flags = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    private Args() {}

    /** Parses {@code argv}; {@code switches} are the flags that take no value. */
    public static Args parse(String[] argv, Set<String> switches) {
        Args args = new Args();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    args.flags.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (switches.contains(name)) {
                    args.flags.put(name, "true");
                } else if (i + 1 < argv.length) {
                    args.flags.put(name, argv[++i]);
                } else {
                    throw new BadInputException("flag --" + name + " needs a value");
                }
            } else {
                args.positional.add(a);
            }
        }
        return args;
    }

    public List<String> positional() {
        return positional;
    }

    public boolean has(String name) {
        read.add(name);
        return flags.containsKey(name);
    }

    public boolean flag(String name) {
        read.add(name);
        return Boolean.parseBoolean(flags.getOrDefault(name, "false"));
    }

    public String string(String name, String fallback) {
        read.add(name);
        return flags.getOrDefault(name, fallback);
    }

    public Path path(String name, Path fallback) {
        String v = string(name, null);
        return v == null ? fallback : Path.of(v);
    }

    public int integer(String name, int fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + name + " " + v + ": expected a whole number");
        }
    }

    public long longValue(String name, long fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + name + " " + v + ": expected a whole number");
        }
    }

    public double number(String name, double fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + name + " " + v + ": expected a number");
        }
    }

    /** Fails on any flag that no accessor asked for, naming it. */
    public void rejectUnknown() {
        for (String name : flags.keySet()) {
            if (!read.contains(name)) {
                throw new BadInputException("unknown flag --" + name + " (see --help)");
            }
        }
    }
}
