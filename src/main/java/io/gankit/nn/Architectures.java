package io.gankit.nn;

import io.gankit.BadInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The architectures the kit knows, by name. */
public final class Architectures {
    private static final Map<String, Supplier<Architecture>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("mlp", Mlp::new);
        KNOWN.put("cifar-seed", SeedCifar::new);
        KNOWN.put("dcgan", Dcgan::new);
        KNOWN.put("conditional-mlp", ConditionalMlp::new);
    }

    /** Names accepted by {@link #get}. */
    public static final List<String> NAMES = List.copyOf(KNOWN.keySet());

    private Architectures() {}

    /** The architecture called {@code name}. */
    public static Architecture get(String name) {
        Supplier<Architecture> found = KNOWN.get(name);
        if (found == null) {
            throw new BadInputException("architecture '" + name + "' is unknown; expected one of " + KNOWN.keySet());
        }
        return found.get();
    }
}
