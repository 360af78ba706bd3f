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
        KNOWN.put("mlp2d", () -> new Mlp2d("mlp2d", 1, false));
        KNOWN.put("mlp2d-pac2", () -> new Mlp2d("mlp2d-pac2", 2, false));
        KNOWN.put("mlp2d-pac4", () -> new Mlp2d("mlp2d-pac4", 4, false));
        KNOWN.put("mlp2d-mbstd", () -> new Mlp2d("mlp2d-mbstd", 1, true));
        KNOWN.put("mlp2d-s", () -> new Mlp2d("mlp2d-s", 1, false, 100, 50));
        KNOWN.put("mlp2d-s-pac2", () -> new Mlp2d("mlp2d-s-pac2", 2, false, 100, 50));
        KNOWN.put("mlp2d-s-pac4", () -> new Mlp2d("mlp2d-s-pac4", 4, false, 100, 50));
        KNOWN.put("mlp2d-s-mbstd", () -> new Mlp2d("mlp2d-s-mbstd", 1, true, 100, 50));
        KNOWN.put("mlp-pac2", () -> new PackedArchitecture("mlp-pac2", 2, new Mlp()));
        KNOWN.put("cifar-seed", SeedCifar::new);
        KNOWN.put("dcgan", Dcgan::new);
        KNOWN.put("conditional-mlp", ConditionalMlp::new);
        KNOWN.put("dcgan-pac2", () -> new PackedArchitecture("dcgan-pac2", 2, new Dcgan()));
    }

    /** Names accepted by {@link #get}. */
    public static final List<String> NAMES = List.copyOf(KNOWN.keySet());

    private Architectures() {}

    /** The architecture called {@code name}. */
    public static Architecture get(String name) {
        Supplier<Architecture> found = KNOWN.get(name);
        if (found == null) {
            throw new BadInputException(
                    "architecture '" + name + "' is unknown; expected one of " + KNOWN.keySet());
        }
        return found.get();
    }
}
