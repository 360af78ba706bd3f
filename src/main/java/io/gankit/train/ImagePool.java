package io.gankit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import io.gankit.BadInputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A history of generated images for the discriminator (Shrivastava et al. 2017; CycleGAN keeps 50):
 * D is shown images its generator made some steps ago as well as new ones, so it does not forget
 * the fakes it already learnt to reject and the two networks oscillate less.
 *
 * <p>Per image of a batch, in order: while the pool holds fewer than its capacity, the image is
 * stored and returned; once full, with probability 1/2 a random stored image is returned and the
 * new one takes its place, otherwise the new image is returned. The draws come from the step's
 * random numbers, so a run repeats; the stored images are state, saved and restored by a
 * checkpoint ({@link Game.SavedState}), so a resumed run continues exactly. Capacity 0 is no
 * pool: every image is returned as it is and nothing is drawn.
 *
 * <p>The images are kept as Java floats, not engine arrays: the pool outlives every step's scope,
 * holds no graph (D learns from detached fakes) and is a few hundred kilobytes at 28 pixels.
 */
public final class ImagePool implements Game.SavedState {
    private static final int MAGIC = 0x67706f6c; // "gpol"
    private static final int VERSION = 1;

    private final int capacity;
    private final List<float[]> images = new ArrayList<>();
    private Shape imageShape;

    /** A pool of at most {@code capacity} images (0 for none). */
    public ImagePool(int capacity) {
        if (capacity < 0) {
            throw new BadInputException("an image pool of " + capacity
                    + " images; expected 0 (no pool) or more (CycleGAN's 50)");
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Images stored so far. */
    public int size() {
        return images.size();
    }

    /**
     * What D is shown in place of {@code generated} {@code (B, C, H, W)}: per image, the image
     * itself or one from the history (see the class comment), as a new array without a graph in
     * {@code generated}'s manager. With capacity 0 it is {@code generated} itself.
     */
    public NDArray query(NDArray generated, SplittableRandom random) {
        if (capacity == 0) {
            return generated;
        }
        Shape s = generated.getShape();
        if (s.dimension() < 2) {
            throw new BadInputException("images of shape " + s + " for an image pool; expected"
                    + " a batch (B, C, H, W)");
        }
        Shape one = s.slice(1);
        if (imageShape == null) {
            imageShape = one;
        } else if (!imageShape.equals(one)) {
            throw new BadInputException("images of shape " + one + " for a pool of " + imageShape
                    + " images; expected one image shape per pool");
        }
        int n = Math.toIntExact(s.get(0));
        int size = Math.toIntExact(one.size());
        float[] all = generated.toType(DataType.FLOAT32, false).toFloatArray();
        float[] out = new float[all.length];
        for (int i = 0; i < n; i++) {
            float[] image = new float[size];
            System.arraycopy(all, i * size, image, 0, size);
            float[] shown = image;
            if (images.size() < capacity) {
                images.add(image);
            } else if (random.nextDouble() >= 0.5) {
                int k = random.nextInt(capacity);
                shown = images.get(k);
                images.set(k, image);
            }
            System.arraycopy(shown, 0, out, i * size, size);
        }
        NDManager manager = generated.getManager();
        return manager.create(out, s).toType(generated.getDataType(), false);
    }

    @Override
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(capacity);
            out.writeInt(images.size());
            long[] dims = imageShape == null ? new long[0] : imageShape.getShape();
            out.writeInt(dims.length);
            for (long d : dims) {
                out.writeLong(d);
            }
            for (float[] image : images) {
                for (float v : image) {
                    out.writeFloat(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode an image pool", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void restore(byte[] encoded) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not an image pool of version " + VERSION);
            }
            int savedCapacity = in.readInt();
            if (savedCapacity != capacity) {
                throw new IOException("a pool of " + savedCapacity + " images; this one holds "
                        + capacity + " (build the game with the same pool size)");
            }
            int count = in.readInt();
            int rank = in.readInt();
            if (count < 0 || count > capacity || rank < 0 || rank > 8) {
                throw new IOException(
                        "a pool of " + count + " images of rank " + rank + ": damaged");
            }
            long[] dims = new long[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readLong();
            }
            Shape shape = rank == 0 ? null : new Shape(dims);
            if (count > 0 && shape == null) {
                throw new IOException("a pool of " + count + " images without a shape: damaged");
            }
            int size = shape == null ? 0 : Math.toIntExact(shape.size());
            List<float[]> read = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                float[] image = new float[size];
                for (int k = 0; k < size; k++) {
                    image[k] = in.readFloat();
                }
                read.add(image);
            }
            if (in.read() != -1) {
                throw new IOException("bytes after the pool's last image: damaged");
            }
            images.clear();
            images.addAll(read);
            imageShape = shape;
        } catch (EOFException e) {
            throw new IOException("the pool ends early: truncated", e);
        }
    }
}
