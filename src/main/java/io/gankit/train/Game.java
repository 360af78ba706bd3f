package io.gankit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import io.gankit.data.TrainingData;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What one kind of GAN defines, apart from the loop that trains it: its networks and optimisers,
 * what one training step computes, and the measurements a step adds to the history.
 *
 * <p>{@link GanTrainer} owns everything runs share: epochs, the data order derived from
 * (seed, step), listeners, the history, checkpoints of every network and optimiser named here, the
 * divergence guard and exact resume. A new family (two generators and two discriminators, extra
 * loss terms, a pyramid, a weight average) is a new game, never a second trainer. {@link GanGame}
 * is the one every classical GAN plays: one generator against one discriminator.
 *
 * <p>A game lives in the manager its trainer gives it and is closed with it.
 */
public interface Game {
    /**
     * The networks a checkpoint saves and restores, by name, in a fixed iteration order (a {@code LinkedHashMap}). Each is written as
     * {@code NAME.params}; the name is part of the run folder's format, so keep it stable.
     */
    Map<String, Block> networks();

    /** The optimisers a checkpoint saves and restores, by name, in a fixed order ({@code adam-NAME.bin}). */
    Map<String, Adam> optimizers();

    /**
     * State of the game beyond its networks and optimisers that a resumed run needs to continue
     * exactly (CycleGAN's pools of generated images), by name, in a fixed order; none by default.
     * A checkpoint writes each as {@code state-NAME.bin} and restores it from there; checkpoints
     * of games without such state (and those written before it existed) have none and need none.
     */
    default Map<String, SavedState> savedState() {
        return Map.of();
    }

    /** A part of a game's state a checkpoint keeps as bytes ({@link Game#savedState()}). */
    interface SavedState {
        /** The state as bytes, the whole of it. */
        byte[] encode();

        /**
         * Puts back the state {@link #encode()} wrote.
         *
         * @throws IOException when the bytes are not such state (another game's, or damaged)
         */
        void restore(byte[] encoded) throws IOException;
    }

    /**
     * The measurements of one step, in history order (between the {@code step, epoch} columns and
     * {@code seconds}); for example {@code d_loss, g_loss, d_real, d_fake}.
     */
    List<String> measures();

    /** Batches of training data one step takes; a critic trained {@code n} times per step takes {@code n}. */
    default int batchesPerStep() {
        return 1;
    }

    /**
     * One training step. Everything it creates lives in {@code step.scope()}, which closes after it;
     * every random draw comes from {@code step.random()}, so a resumed run continues exactly.
     *
     * @return the values of {@link #measures()}, in that order
     * @throws DivergenceException when a loss is not finite, before the update it would spoil is applied
     */
    double[] step(StepContext step);

    /**
     * Images that show how the game is going, for the run's sample grid: shape {@code (N, C, H, W)},
     * values in [-1, 1], attached to {@code into}. The same inputs every time (fixed noise), networks
     * in inference mode.
     */
    NDArray samples(NDManager into);

    /** Images per row of the sample grid; by default the grid is square. */
    default int sampleColumns(int images) {
        return (int) Math.ceil(Math.sqrt(images));
    }

    /**
     * Grids beyond the sample grid that show what the trained game can do, by name: a run writes
     * each as {@code NAME.png} when training ends (StyleGAN: its style mixing, truncation sweep and
     * interpolation). Images attached to {@code into}; none by default.
     */
    default Map<String, Grid> endPictures(NDManager into) {
        return Map.of();
    }

    /** Images {@code (N, C, H, W)} in [-1, 1], {@code columns} to a row of their grid. */
    record Grid(NDArray images, int columns) {}

    /**
     * What a checkpoint must have been written by to be restored into this game (for a GAN, its
     * architecture's name); recorded in {@code state.json}.
     */
    String signature();

    /**
     * Throws {@link io.gankit.BadInputException} naming the data and what was expected when this
     * game cannot train on {@code data} (image shape, class count).
     */
    void requireFits(TrainingData data);
}
