package io.gankit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

import io.gankit.BadInputException;

/**
 * The 2-D mixture networks of PacGAN's synthetic experiments (Lin et al. 2018, code
 * github.com/fjxmlzn/PacGAN, {@code synthetic_data_experiments/2DGrid_GAN&PacGAN/pacgan_task.py}
 * and {@code config.py}), themselves those of VEEGAN / ALI:
 * <ul>
 *   <li>generator: latent (2-D standard normal in the paper) then four hidden layers of
 *       {@value #GENERATOR_WIDTH} units, each Linear without bias, BatchNorm, ReLU, then a Linear
 *       to 2 coordinates with no output nonlinearity;</li>
 *   <li>discriminator: three maxout layers of {@value #DISCRIMINATOR_WIDTH} units with
 *       {@value #MAXOUT_PIECES} pieces, then a Linear to one logit.</li>
 * </ul>
 * Variants: {@code packing > 1} wraps the discriminator in {@link Packed} (its first layer then
 * reads {@code 2m} inputs, PacGAN-m); {@code minibatchStd} inserts {@link MinibatchStd} before the
 * last layer. The paper initialises weights N(0, 0.02); the kit's {@code Gan} uses PyTorch's default
 * initialisation for every architecture.
 */
public final class Mlp2d implements Architecture {
    public static final int GENERATOR_WIDTH = 400;
    public static final int GENERATOR_LAYERS = 4;
    public static final int DISCRIMINATOR_WIDTH = 200;
    public static final int DISCRIMINATOR_LAYERS = 3;
    public static final int MAXOUT_PIECES = 5;

    private final String name;
    private final int packing;
    private final boolean minibatchStd;
    private final int generatorWidth;
    private final int discriminatorWidth;

    /**
     * @param name the registered name ({@code mlp2d}, {@code mlp2d-pac4}, ...)
     * @param packing samples per discriminator decision (1: a plain GAN)
     * @param minibatchStd whether the discriminator gets the minibatch standard deviation feature
     */
    public Mlp2d(String name, int packing, boolean minibatchStd) {
        this(name, packing, minibatchStd, GENERATOR_WIDTH, DISCRIMINATOR_WIDTH);
    }

    /**
     * The same layout with other widths (the lab's CPU benchmark uses a quarter of the paper's).
     *
     * @param generatorWidth units of each generator hidden layer (the paper: 400)
     * @param discriminatorWidth maxout units of each discriminator hidden layer (the paper: 200)
     */
    public Mlp2d(
            String name,
            int packing,
            boolean minibatchStd,
            int generatorWidth,
            int discriminatorWidth) {
        if (packing < 1) {
            throw new BadInputException("packing " + packing + "; expected 1 or more");
        }
        if (generatorWidth < 1 || discriminatorWidth < 1) {
            throw new BadInputException(
                    "widths " + generatorWidth + ", " + discriminatorWidth + "; expected positive");
        }
        this.name = name;
        this.packing = packing;
        this.minibatchStd = minibatchStd;
        this.generatorWidth = generatorWidth;
        this.discriminatorWidth = discriminatorWidth;
    }

    @Override
    public String name() {
        return name;
    }

    public int packing() {
        return packing;
    }

    @Override
    public void validate(ModelSpec spec) {
        if (spec.channels() != 2 || spec.height() != 1 || spec.width() != 1 || spec.conditional()) {
            throw new BadInputException("the " + name
                    + " architecture models unconditional 2-D points of shape "
                    + "2x1x1; got " + spec.channels() + "x" + spec.height() + "x" + spec.width()
                    + (spec.conditional() ? " with " + spec.classes() + " classes" : ""));
        }
    }

    @Override
    public Block generator(ModelSpec spec) {
        SequentialBlock g = new SequentialBlock();
        for (int i = 0; i < GENERATOR_LAYERS; i++) {
            g.add(Linear.builder().setUnits(generatorWidth).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        return g.add(Linear.builder().setUnits(2).build()).add(Mlp.reshape(2, 1, 1));
    }

    @Override
    public Block discriminator(ModelSpec spec) {
        SequentialBlock d = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int i = 0; i < DISCRIMINATOR_LAYERS; i++) {
            d.add(Linear.builder()
                            .setUnits((long) discriminatorWidth * MAXOUT_PIECES)
                            .build())
                    .add(maxout(discriminatorWidth, MAXOUT_PIECES));
        }
        if (minibatchStd) {
            d.add(new MinibatchStd());
        }
        d.add(Linear.builder().setUnits(1).build());
        return packing == 1 ? d : new Packed(packing, d);
    }

    /** {@code (B, units*pieces)} to {@code (B, units)}: the largest of each unit's pieces. */
    static Block maxout(int units, int pieces) {
        return new LambdaBlock(
                list -> {
                    NDArray x = list.singletonOrThrow();
                    return new NDList(
                            x.reshape(x.getShape().get(0), units, pieces).max(new int[] {2}));
                },
                "maxout");
    }
}
