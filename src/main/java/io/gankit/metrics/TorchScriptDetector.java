package io.gankit.metrics;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;

import io.gankit.BadInputException;
import io.gankit.data.DataFolder;
import io.gankit.data.ImageSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A FID / IS detector stored as TorchScript with the calling convention of StyleGAN's
 * {@code inception-2015-12-05.pt}: {@code forward(images, return_features)} on uint8 (or float)
 * {@code (n, 3, H, W)} images with values 0..255, returning {@code (n, 2048)} pool features when
 * {@code return_features} is true, else {@code (n, classes)} softmax probabilities. The network
 * resizes and normalises inside; the kit only repeats grayscale to RGB.
 *
 * <pre>{@code
 * try (TorchScriptDetector inception = TorchScriptDetector.load(Path.of("inception-2015-12-05.pt"));
 *      NDManager m = NDManager.newBaseManager()) {
 *     Features real = inception.features(mnist.uint8(m));            // uint8 N x 1 x 28 x 28
 *     Features fake = inception.features(Quantization.fromSigned(generated));
 *     double fid = FrechetDistance.between(real.stats(), fake.stats());
 * }
 * }</pre>
 *
 * Images go through the network {@link #batchSize(int)} at a time, each batch in its own
 * sub-manager that is closed after its outputs are copied out, so memory stays bounded by one batch.
 */
public final class TorchScriptDetector implements Detector {
    /** Default images per forward call. */
    public static final int DEFAULT_BATCH = 64;

    private final Path file;
    private final String sha256;
    private final PtNDManager manager;
    private final PtSymbolBlock block;
    private int batchSize = DEFAULT_BATCH;

    private TorchScriptDetector(
            Path file, String sha256, PtNDManager manager, PtSymbolBlock block) {
        this.file = file;
        this.sha256 = sha256;
        this.manager = manager;
        this.block = block;
    }

    /**
     * Loads a TorchScript detector file onto the engine's default device (a GPU when available).
     *
     * @throws BadInputException naming the file when it is missing or not loadable TorchScript
     */
    public static TorchScriptDetector load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(
                    file + ": no such file; expected a TorchScript detector (.pt)");
        }
        String sha;
        try {
            sha = DataFolder.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the engine's default device: the GPU when the CUDA build of PyTorch finds one, else the
        // CPU
        Device device = Engine.getEngine("PyTorch").defaultDevice();
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager(device, "PyTorch");
        try {
            PtSymbolBlock block = JniUtils.loadModule(
                    manager, file.toAbsolutePath(), true, new String[0], new String[0], false);
            JniUtils.enableInferenceMode(block);
            return new TorchScriptDetector(file, sha, manager, block);
        } catch (RuntimeException e) {
            manager.close();
            throw new BadInputException(
                    file + ": not a loadable TorchScript file (" + firstLine(e)
                            + "); expected a detector saved with torch.jit.save",
                    e);
        }
    }

    /**
     * The standard Inception of StyleGAN2-ADA, StyleGAN3 and clean-fid from the kit's data folder,
     * downloaded when missing and online (see {@link StandardInception}).
     */
    public static TorchScriptDetector standardInception(DataFolder folder) {
        return load(StandardInception.locate(folder));
    }

    /** Sets the number of images per forward call (memory grows with it); returns this. */
    public TorchScriptDetector batchSize(int images) {
        if (images < 1) {
            throw new BadInputException("batch size " + images + "; expected at least 1");
        }
        this.batchSize = images;
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The detector's file name, e.g. {@code inception-2015-12-05.pt}. */
    @Override
    public String name() {
        return file.getFileName().toString();
    }

    public Path file() {
        return file;
    }

    /** Lower-case hex SHA-256 of the file, so a score names exactly which network made it. */
    @Override
    public String sha256() {
        return sha256;
    }

    /** The StyleGAN convention: the network resizes inside, the kit does not. */
    @Override
    public String resizing() {
        return Passport.DETECTOR_RESIZE;
    }

    /** Pool features of uint8 or float (0..255) images {@code (n, C, H, W)}, C = 1 or 3. */
    @Override
    public Features features(NDArray images) {
        return run(images, true);
    }

    /** Class probabilities (softmax) of the images, for the Inception Score. */
    @Override
    public Features probabilities(NDArray images) {
        return run(images, false);
    }

    /** Pool features of every image of a data set. */
    public Features features(ImageSet images) {
        try (NDManager scope = manager.newSubManager()) {
            return features(images.uint8(scope));
        }
    }

    /** Pool features of the first {@code n} images of {@code source}, read a batch at a time. */
    public Features features(SampleSource source, int n) {
        return fromSource(source, n, true);
    }

    /** Class probabilities of the first {@code n} images of {@code source}. */
    public Features probabilities(SampleSource source, int n) {
        return fromSource(source, n, false);
    }

    private Features fromSource(SampleSource source, int n, boolean returnFeatures) {
        if (source.size() >= 0 && source.size() < n) {
            throw new BadInputException(
                    source.description() + " holds " + source.size() + " images; asked for " + n);
        }
        float[] out = null;
        int dim = 0;
        int done = 0;
        while (done < n) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray batch = source.next(scope, Math.min(batchSize, n - done));
                int count = (int) batch.getShape().get(0);
                if (count == 0) {
                    throw new BadInputException(source.description() + " ran out after " + done
                            + " images; asked for " + n);
                }
                float[] values = forward(scope, batch, returnFeatures);
                if (out == null) {
                    dim = values.length / count;
                    out = new float[Math.multiplyExact(n, dim)];
                }
                System.arraycopy(values, 0, out, done * dim, values.length);
                done += count;
            }
        }
        return new Features(out == null ? new float[0] : out, n, Math.max(dim, 1));
    }

    private Features run(NDArray images, boolean returnFeatures) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new BadInputException("images of shape " + shape + "; expected (n, C, H, W)");
        }
        int n = (int) shape.get(0);
        float[] out = null;
        int dim = 1;
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            try (NDManager scope = manager.newSubManager()) {
                NDArray batch = images.get(new NDIndex("{}:{}", start, end));
                batch.attach(scope);
                float[] values = forward(scope, batch, returnFeatures);
                if (out == null) {
                    dim = values.length / (end - start);
                    out = new float[Math.multiplyExact(n, dim)];
                }
                System.arraycopy(values, 0, out, start * dim, values.length);
            }
        }
        return new Features(out == null ? new float[0] : out, n, dim);
    }

    /** One forward call; everything it creates lives in {@code scope}. */
    private float[] forward(NDManager scope, NDArray batch, boolean returnFeatures) {
        Shape shape = batch.getShape();
        long channels = shape.get(1);
        if (channels == 1) {
            batch = batch.repeat(1, 3);
        } else if (channels != 3) {
            throw new BadInputException(
                    "images with " + channels + " channels; expected 1 (grayscale) or 3 (RGB)");
        }
        if (batch.getDataType() != DataType.UINT8 && batch.getDataType() != DataType.FLOAT32) {
            batch = batch.toType(DataType.FLOAT32, false);
        }
        batch.attach(scope);
        if (!batch.getDevice().equals(manager.getDevice())) {
            batch = batch.toDevice(manager.getDevice(), false);
        }
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        // The profiling executor re-optimises the graph for every new input shape (the last,
        // partial
        // batch is one), which costs more than it gains for a fixed network run in a few calls.
        JniUtils.setGraphExecutorOptimize(false);
        try (IValue images = IValue.from((PtNDArray) batch);
                IValue flag = IValue.from(returnFeatures);
                IValue result = block.forward(images, flag)) {
            PtNDArray output = result.toTensor((PtNDManager) scope);
            if (output.getShape().dimension() != 2 || output.getShape().get(0) != shape.get(0)) {
                throw new BadInputException(file + " returned shape " + output.getShape() + " for "
                        + shape.get(0) + " images; expected (n, features)");
            }
            return output.toType(DataType.FLOAT32, false).toFloatArray();
        } finally {
            JniUtils.setGradMode(grad);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        block.close();
        manager.close();
    }
}
