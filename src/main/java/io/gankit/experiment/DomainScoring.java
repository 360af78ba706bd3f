package io.gankit.experiment;

import ai.djl.ndarray.NDManager;

import io.gankit.data.DataFolder;
import io.gankit.data.Datasets;
import io.gankit.data.ImageSet;
import io.gankit.metrics.Detector;
import io.gankit.metrics.DomainClassifier;
import io.gankit.metrics.Features;
import io.gankit.metrics.StandardInception;
import io.gankit.metrics.TorchScriptDetector;
import io.gankit.metrics.TrainingScores;
import io.gankit.train.TrainListener;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The scores of an experiment's runs ({@code "score"} in its file): for each data set the kit's
 * domain classifier (trained once and cached; a stand-in for the standard Inception, and named so
 * in every score) and the features of the first {@code samples} test images as the reference; each
 * run gets a {@link TrainingScores} listener writing into its own folder. Where the standard
 * Inception's weights lie in the data folder ({@link StandardInception#path}; a sweep never
 * downloads them, {@code ./gankit fid} does), the same images are also scored through it as
 * {@code inception_fid} and {@code inception_is}: FIDs comparable with published ones, beside the
 * domain FID that best checkpoints are chosen by.
 */
public final class DomainScoring implements AutoCloseable {
    private final Experiment.Scoring scoring;
    private final DataFolder data;
    private final Path cache;
    private final PrintStream log;
    private final NDManager manager = NDManager.newBaseManager();
    private final Map<String, DomainClassifier> detectors = new HashMap<>();
    private final Map<String, Features> references = new HashMap<>();
    private final Map<String, Features> inceptionReferences = new HashMap<>();
    private Optional<TorchScriptDetector> inception;

    /**
     * @param cache where trained classifiers are kept
     * @param log where training a classifier reports (may be null)
     */
    public DomainScoring(Experiment.Scoring scoring, DataFolder data, Path cache, PrintStream log) {
        this.scoring = scoring;
        this.data = data;
        this.cache = cache;
        this.log = log;
    }

    /** The classifier of {@code dataset}, trained and cached on first use. */
    public DomainClassifier detector(String dataset) {
        return detectors.computeIfAbsent(
                dataset, d -> DomainClassifier.cached(d, data, cache, log));
    }

    /** The scoring listener of the run in {@code runDir}, which trains on {@code dataset}. */
    public TrainListener listener(String dataset, Path runDir) {
        DomainClassifier detector = detector(dataset);
        TrainingScores.Builder b = TrainingScores.builder()
                .setDetector(detector)
                .setReference(references.computeIfAbsent(dataset, d -> testFeatures(d, detector)))
                .optEvery(scoring.every())
                .optSamples(scoring.samples())
                .optRunFolder(runDir);
        standardInception()
                .ifPresent(inc -> b.optAlso(
                        "inception_",
                        inc,
                        inceptionReferences.computeIfAbsent(dataset, d -> testFeatures(d, inc))));
        return b.build();
    }

    /** The standard Inception, when its file lies in the data folder (looked for once). */
    public Optional<TorchScriptDetector> standardInception() {
        if (inception == null) {
            inception = findStandardInception(data);
            if (inception.isPresent() && log != null) {
                log.println("standard Inception found (" + StandardInception.path(data)
                        + "): runs are also scored as inception_fid and inception_is");
            }
        }
        return inception;
    }

    /** The standard Inception at {@link StandardInception#path}, SHA-256 checked; empty when absent. */
    static Optional<TorchScriptDetector> findStandardInception(DataFolder data) {
        return Files.isRegularFile(StandardInception.path(data))
                ? Optional.of(TorchScriptDetector.standardInception(data))
                : Optional.empty();
    }

    private Features testFeatures(String dataset, Detector detector) {
        ImageSet test = Datasets.load(dataset, Datasets.Split.TEST, data).limit(scoring.samples());
        try (NDManager scope = manager.newSubManager()) {
            return detector.features(test.uint8(scope));
        }
    }

    @Override
    public void close() {
        detectors.values().forEach(DomainClassifier::close);
        if (inception != null) {
            inception.ifPresent(TorchScriptDetector::close);
        }
        manager.close();
    }
}
