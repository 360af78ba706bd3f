package io.gankit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.gankit.BadInputException;
import io.gankit.data.TrainingData;
import io.gankit.loss.GradientPenalty;
import io.gankit.loss.Losses;
import io.gankit.nn.Gan;
import io.gankit.nn.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link Gan} on {@link TrainingData}: alternating discriminator and generator updates
 * with two Adam optimisers, a history row per step, and listeners for progress, samples and
 * checkpoints.
 *
 * <p>Every random draw of a step (batch order, noise) is derived from the seed and the step
 * number alone, so a run restored from a checkpoint continues exactly as if never stopped.
 */
public final class GanTrainer implements AutoCloseable {
    private final TrainConfig config;
    private final TrainingData data;
    private final NDManager manager;
    private final Gan gan;
    private final Adam adamD;
    private final Adam adamG;
    private final GanUpdates updates;
    private final List<TrainListener> listeners = new ArrayList<>();
    private final long stepsPerEpoch;
    private final NDArray fixedNoise;
    private final NDArray fixedLabels;
    private History history = History.create();
    private long step;
    private double secondsBefore;
    private int cachedEpoch = -1;
    private int[] cachedOrder;
    private volatile boolean stopRequested;
    /** Runs after the discriminator's updates and before the generator's (tests look in there). */
    Runnable betweenUpdates;

    private GanTrainer(TrainConfig config, TrainingData data, NDManager parent) {
        this.config = config;
        this.data = config.limit() > 0 ? data.limit(config.limit()) : data;
        checkFits(config.model(), this.data);
        this.manager = parent.newSubManager();
        this.gan = Gan.create(config.model(), manager, config.seed());
        this.adamD = new Adam(gan.discriminator(), manager, config.learningRateD(), config.beta1(), config.beta2());
        this.adamG = new Adam(gan.generator(), manager, config.learningRateG(), config.beta1(), config.beta2());
        this.updates = new GanUpdates(gan, Losses.named(config.loss()), config.gradientPenalty() > 0 ? new GradientPenalty(config.gradientPenalty()) : null,
                adamD, adamG, config.clip());
        long batches = this.data.size() / config.batchSize();
        this.stepsPerEpoch = batches / config.criticSteps();
        if (stepsPerEpoch == 0) {
            throw new BadInputException(this.data.name() + ": " + this.data.size() + " images make no full step of "
                    + config.criticSteps() + " batch(es) of " + config.batchSize()
                    + "; use a smaller batch size or more data");
        }
        SplittableRandom sampleRandom = new SplittableRandom(config.seed() ^ 0x5EED5A3B1E5L);
        this.fixedNoise = gan.latent(manager, config.samples(), sampleRandom);
        this.fixedLabels = config.model().conditional() ? sampleLabels(config.samples(), config.model().classes()) : null;
    }

    /**
     * A trainer with new networks initialised from the config's seed.
     *
     * @param data training images; the config's limit, if any, is applied here
     * @param parent the manager under which the trainer keeps its networks and optimiser state
     */
    public static GanTrainer create(TrainConfig config, TrainingData data, NDManager parent) {
        return new GanTrainer(config, data, parent);
    }

    private static void checkFits(ModelSpec spec, TrainingData data) {
        if (!spec.imageShape().equals(data.sampleShape())) {
            throw new BadInputException(data.name() + " has samples of " + shape(data.sampleShape())
                    + "; the " + spec.architecture() + " model takes " + shape(spec.imageShape()));
        }
        if (spec.conditional() && spec.classes() != data.classNames().size()) {
            throw new BadInputException(data.name() + " has " + data.classNames().size() + " classes; the conditional "
                    + "model was built for " + spec.classes());
        }
    }

    private static String shape(ai.djl.ndarray.types.Shape s) {
        return s.get(0) + "x" + s.get(1) + "x" + s.get(2);
    }

    private NDArray sampleLabels(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i * classes / n; // rows of a grid, one class after another
        }
        return manager.create(labels);
    }

    public GanTrainer addListener(TrainListener listener) {
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
     * One training step: {@code criticSteps} discriminator updates, each on its own real batch and
     * a freshly generated one (detached from G), with the gradient penalty when configured and
     * weight clipping after the update when configured, then one generator update through the
     * last generated batch with D frozen. Everything the step creates lives in a manager that closes
     * with it.
     */
    public StepRecord step() {
        long started = System.nanoTime();
        long index = step; // the step about to be taken, from 0
        int epoch = (int) (index / stepsPerEpoch);
        // Every draw of the step comes from (seed, step), so a resumed run continues exactly.
        SplittableRandom random = new SplittableRandom(mix(config.seed(), index));
        Engine.getInstance().setRandomSeed((int) mix(config.seed(), ~index)); // dropout, if any
        double[] d = new double[3]; // sums over the critic steps of D's loss, mean D(x), mean D(G(z))
        double gLoss;
        try (NDManager scope = manager.newSubManager()) {
            // 1. The discriminator (critic) learns: criticSteps updates on batches of their own.
            Generated fake = null;
            for (int k = 0; k < config.criticSteps(); k++) {
                boolean last = k == config.criticSteps() - 1;
                fake = updateDiscriminator(scope, index, k, random, last, d);
            }
            if (betweenUpdates != null) {
                betweenUpdates.run();
            }
            // 2. The generator learns through the last generated batch, D frozen.
            gLoss = updateGenerator(index, fake);
        }
        // 3. Bookkeeping: the step's row of the history.
        step = index + 1;
        secondsBefore += (System.nanoTime() - started) / 1e9;
        int n = config.criticSteps();
        StepRecord record = new StepRecord(step, epoch + 1, d[0] / n, gLoss, d[1] / n, d[2] / n, secondsBefore);
        history.add(record);
        return record;
    }

    /** A generated batch and the labels it was generated for (null for an unconditional model). */
    private record Generated(NDArray images, NDArray labels) {}

    /**
     * Critic step {@code k} of step {@code index}: a real batch and a generated one (whose graph
     * through G is kept when {@code keepGraph}, for the generator's update) through
     * {@link GanUpdates#updateDiscriminator}. Adds D's loss, mean D(x) and mean D(G(z)) to {@code sums}.
     */
    private Generated updateDiscriminator(NDManager scope, long index, int k, SplittableRandom random, boolean keepGraph,
            double[] sums) {
        int batch = config.batchSize();
        int[] order = epochOrder((int) (index / stepsPerEpoch));
        int first = ((int) (index % stepsPerEpoch) * config.criticSteps() + k) * batch;
        NDArray real = data.batch(scope, order, first, batch);
        NDArray labels = gan.spec().conditional() ? data.labels(scope, order, first, batch) : null;
        NDArray z = gan.latent(scope, batch, random);
        NDArray detached = keepGraph ? null : updates.generate(z, labels); // no graph: only the last batch trains G
        GanUpdates.DiscriminatorUpdate d = updates.updateDiscriminator(real, labels,
                () -> keepGraph ? updates.generate(z, labels) : detached, random, index + 1);
        sums[0] += d.loss();
        sums[1] += d.meanReal();
        sums[2] += d.meanFake();
        return new Generated(d.fake(), labels);
    }

    /** The generator's update through {@code fake}'s graph with D frozen; returns G's loss. */
    private double updateGenerator(long index, Generated fake) {
        return updates.updateGenerator(fake::images, fake.labels(), index + 1);
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

    /**
     * Images from the fixed sample noise, with the generator in inference mode, as an array of
     * shape {@code (samples, C, H, W)} in [-1, 1] attached to {@code into}.
     */
    public NDArray samples(NDManager into) {
        NDArray z = fixedNoise.duplicate();
        z.attach(into);
        if (fixedLabels == null) {
            return gan.generate(z, false);
        }
        NDArray labels = fixedLabels.duplicate();
        labels.attach(into);
        return gan.generate(z, labels, false);
    }

    public TrainConfig config() {
        return config;
    }

    public Gan gan() {
        return gan;
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

    Adam optimizerD() {
        return adamD;
    }

    Adam optimizerG() {
        return adamG;
    }

    /** Puts the trainer back at a saved state (see {@link Checkpoint}). */
    void restore(long step, double seconds, History history) {
        this.step = step;
        this.secondsBefore = seconds;
        this.history = history;
    }

    @Override
    public void close() {
        manager.close();
    }
}
