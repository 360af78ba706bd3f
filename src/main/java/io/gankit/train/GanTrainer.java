package io.gankit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import io.gankit.BadInputException;
import io.gankit.data.TrainingData;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The training loop every GAN family shares: epochs over {@link TrainingData} in an order derived
 * from (seed, epoch), one {@link Game} step at a time, a history row per step, listeners for
 * progress, samples and checkpoints, and the divergence guard. What a step computes belongs to the
 * game; the loop knows no generator or discriminator.
 *
 * <p>Every random draw of a step (batch order, noise) is derived from the seed and the step
 * number alone, so a run restored from a checkpoint continues exactly as if never stopped.
 *
 * @param <G> the game being trained
 */
public final class GanTrainer<G extends Game> implements AutoCloseable {
    private final TrainConfig config;
    private final TrainingData data;
    private final NDManager manager;
    private final G game;
    private final List<TrainListener> listeners = new ArrayList<>();
    private final long stepsPerEpoch;
    private History history;
    private long step;
    private double secondsBefore;
    private int cachedEpoch = -1;
    private int[] cachedOrder;
    private volatile boolean stopRequested;

    private GanTrainer(
            TrainConfig config,
            TrainingData data,
            NDManager parent,
            Function<NDManager, G> newGame) {
        this.config = config;
        this.data = config.limit() > 0 ? data.limit(config.limit()) : data;
        this.manager = parent.newSubManager();
        try {
            this.game = newGame.apply(manager);
            game.requireFits(this.data);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.history = History.create(game.measures());
        this.stepsPerEpoch = config.stepsPerEpoch(this.data.size(), game.batchesPerStep());
        if (stepsPerEpoch == 0) {
            manager.close();
            throw new BadInputException(
                    this.data.name() + ": " + this.data.size() + " images make no full step of "
                            + game.batchesPerStep() + " batch(es) of " + config.batchSize()
                            + "; use a smaller batch size or more data");
        }
    }

    /**
     * A trainer of the config's GAN ({@link GanGame}: GAN, conditional GAN, WGAN, WGAN-GP) with new
     * networks initialised from the config's seed.
     *
     * @param data training images; the config's limit, if any, is applied here
     * @param parent the manager under which the trainer keeps its networks and optimiser state
     */
    public static GanTrainer<GanGame> create(
            TrainConfig config, TrainingData data, NDManager parent) {
        return create(config, data, parent, manager -> GanGame.create(config, manager));
    }

    /**
     * A trainer of any game: {@code newGame} builds it in the manager the trainer gives it (and
     * closes with it). The config's epochs, batch size, seed, limit and step limit drive the loop.
     */
    public static <G extends Game> GanTrainer<G> create(
            TrainConfig config,
            TrainingData data,
            NDManager parent,
            Function<NDManager, G> newGame) {
        return new GanTrainer<>(config, data, parent, newGame);
    }

    public GanTrainer<G> addListener(TrainListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Trains until the epochs (or the step limit) are done, a stop is requested, or training
     * diverges. Callable again after a stop to continue.
     *
     * @return how the run ended
     */
    public TrainListener.Outcome fit() {
        stopRequested = false;
        listeners.forEach(l -> l.onStart(this));
        TrainListener.Outcome outcome = TrainListener.Outcome.FINISHED;
        boolean interrupted = false;
        try {
            while (!finished()) {
                // An interrupt (a notebook's stop button) is taken and cleared here, so that the
                // listeners can still write their checkpoint; it is set again before returning.
                interrupted = Thread.interrupted();
                if (stopRequested || interrupted) {
                    outcome = TrainListener.Outcome.STOPPED;
                    break;
                }
                StepRecord record = step();
                for (TrainListener l : listeners) {
                    l.onStep(this, record);
                }
                if (step % stepsPerEpoch == 0) {
                    for (TrainListener l : listeners) {
                        l.onEpochEnd(this, (int) (step / stepsPerEpoch));
                    }
                }
            }
        } catch (DivergenceException e) {
            TrainListener.Outcome diverged = TrainListener.Outcome.DIVERGED;
            listeners.forEach(l -> l.onEnd(this, diverged));
            throw e;
        }
        TrainListener.Outcome done = outcome;
        listeners.forEach(l -> l.onEnd(this, done));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcome;
    }

    /**
     * Asks a running {@link #fit()} to stop after the current step; safe from any thread.
     * Interrupting the training thread does the same.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Whether the configured epochs or step limit are done. */
    public boolean finished() {
        return step >= totalSteps();
    }

    /** Steps this run will take in all. */
    public long totalSteps() {
        long all = stepsPerEpoch * config.epochs();
        return config.maxSteps() > 0 ? Math.min(all, config.maxSteps()) : all;
    }

    /**
     * One training step: the game's step on this step's batches, in a scope that closes with it,
     * then its row of the history. A measure that is not finite stops training here (games check
     * their losses before applying an update; this guards the rest).
     */
    public StepRecord step() {
        long started = System.nanoTime();
        long index = step; // the step about to be taken, from 0
        int epoch = (int) (index / stepsPerEpoch);
        // Every draw of the step comes from (seed, step), so a resumed run continues exactly.
        SplittableRandom random = new SplittableRandom(mix(config.seed(), index));
        Engine.getInstance().setRandomSeed((int) mix(config.seed(), ~index)); // dropout, if any
        int batch = config.batchSize();
        int first = (int) (index % stepsPerEpoch) * game.batchesPerStep() * batch;
        double[] values;
        try (NDManager scope = manager.newSubManager()) {
            values = game.step(new StepContext(
                    index,
                    scope,
                    random,
                    data,
                    epochOrder(epoch),
                    first,
                    batch,
                    game.batchesPerStep()));
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new DivergenceException(
                        index + 1, game.measures().get(i) + " is " + values[i]);
            }
        }
        step = index + 1;
        secondsBefore += (System.nanoTime() - started) / 1e9;
        StepRecord record = new StepRecord(step, epoch + 1, game.measures(), values, secondsBefore);
        history.add(record);
        return record;
    }

    /** The shuffled order of the training images in epoch {@code epoch} (from 0). */
    int[] epochOrder(int epoch) {
        if (epoch != cachedEpoch) {
            int[] order = new int[data.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            SplittableRandom r = new SplittableRandom(mix(config.seed(), -1L - epoch));
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            cachedOrder = order;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    /** A well-mixed 64-bit value from a seed and a counter (SplitMix64's finaliser). */
    static long mix(long seed, long counter) {
        long z = seed * 0x9E3779B97F4A7C15L + counter * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public TrainConfig config() {
        return config;
    }

    /** What is being trained: its networks, optimisers and step. */
    public G game() {
        return game;
    }

    /** The manager of the game's networks and optimiser state. */
    public NDManager manager() {
        return manager;
    }

    /** The training samples (after the config's limit). */
    public TrainingData data() {
        return data;
    }

    public History history() {
        return history;
    }

    /** Steps done. */
    public long stepsDone() {
        return step;
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Training seconds so far, across resumes. */
    public double seconds() {
        return secondsBefore;
    }

    /** Puts the trainer back at a saved state (see {@link Checkpoint}). */
    void restore(long step, double seconds, History history) {
        if (!history.measures().equals(game.measures())) {
            throw new BadInputException("a checkpoint history measuring " + history.measures()
                    + "; this game measures " + game.measures());
        }
        this.step = step;
        this.secondsBefore = seconds;
        this.history = history;
    }

    @Override
    public void close() {
        manager.close();
    }
}
