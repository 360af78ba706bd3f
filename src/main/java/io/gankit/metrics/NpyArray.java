package io.gankit.metrics;

import io.gankit.BadInputException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One array of a NumPy {@code .npy} file, held as its shape and its values in row-major (C) order.
 * Values are kept in the widest Java type of their kind: floating types as {@code double}, integer
 * types as {@code long}, {@code uint8} as bytes, so nothing is lost when reading; {@link #dtype()}
 * records the NumPy type the file had (or will have when written).
 */
public final class NpyArray {
    private final String dtype;
    private final int[] shape;
    private final double[] doubles;
    private final long[] longs;
    private final byte[] bytes;

    private NpyArray(String dtype, int[] shape, double[] doubles, long[] longs, byte[] bytes) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.doubles = doubles;
        this.longs = longs;
        this.bytes = bytes;
        long count = size(this.shape);
        long held = doubles != null ? doubles.length : longs != null ? longs.length : bytes.length;
        if (count != held) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " values but " + held + " were given");
        }
    }

    /** A float64 ({@code <f8}) array. */
    public static NpyArray ofDoubles(int[] shape, double[] values) {
        return new NpyArray("<f8", shape, values.clone(), null, null);
    }

    /** A float32 ({@code <f4}) array; values are rounded to float when written. */
    public static NpyArray ofFloats(int[] shape, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new NpyArray("<f4", shape, d, null, null);
    }

    /** A uint8 ({@code |u1}) array, e.g. images. */
    public static NpyArray ofUint8(int[] shape, byte[] values) {
        return new NpyArray("|u1", shape, null, null, values.clone());
    }

    /** An int64 ({@code <i8}) array, e.g. labels. */
    public static NpyArray ofLongs(int[] shape, long[] values) {
        return new NpyArray("<i8", shape, null, values.clone(), null);
    }

    /** The NumPy type string, e.g. {@code <f8}. */
    public String dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Number of values (product of the shape). */
    public int size() {
        return (int) size(shape);
    }

    /** The values as doubles, in row-major order (any type). */
    public double[] toDoubles() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] d = new double[size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = longs != null ? longs[i] : bytes[i] & 0xff;
        }
        return d;
    }

    /** The values as floats (rounded where the file held doubles). */
    public float[] toFloats() {
        double[] d = toDoubles();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** The raw bytes of a {@code uint8} array. */
    public byte[] toUint8() {
        if (bytes == null) {
            throw new BadInputException("array of type " + dtype + ": expected uint8 (|u1)");
        }
        return bytes.clone();
    }

    /** A 2-D array as rows of doubles. */
    public double[][] toMatrix() {
        if (shape.length != 2) {
            throw new BadInputException(
                    "array of shape " + Arrays.toString(shape) + ": expected 2 dimensions");
        }
        double[] flat = toDoubles();
        double[][] m = new double[shape[0]][];
        for (int i = 0; i < m.length; i++) {
            m[i] = Arrays.copyOfRange(flat, i * shape[1], (i + 1) * shape[1]);
        }
        return m;
    }

    static long size(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    /** Serialises the values in little-endian order in this array's dtype. */
    byte[] payload() {
        int n = size();
        switch (dtype) {
            case "<f8": {
                ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
                b.asDoubleBuffer().put(doubles);
                return b.array();
            }
            case "<f4": {
                ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (double v : doubles) {
                    b.putFloat((float) v);
                }
                return b.array();
            }
            case "<i8": {
                ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
                b.asLongBuffer().put(longs);
                return b.array();
            }
            case "|u1":
                return bytes.clone();
            default:
                throw new IllegalStateException("no writer for dtype " + dtype);
        }
    }

    /**
     * Decodes {@code data} of NumPy type {@code descr}; {@code where} names the file and array for
     * error messages.
     */
    static NpyArray decode(
            String where, String descr, int[] shape, boolean fortranOrder, ByteBuffer data) {
        if (descr.length() < 3) {
            throw new BadInputException(
                    where + ": dtype '" + descr + "'; expected one of " + SUPPORTED);
        }
        char endian = descr.charAt(0);
        String kind = descr.substring(1);
        ByteOrder order;
        if (endian == '<' || endian == '|' || endian == '=') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (endian == '>') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new BadInputException(
                    where + ": dtype '" + descr + "'; expected one of " + SUPPORTED);
        }
        data.order(order);
        long count = size(shape);
        int width = switch (kind) {
            case "f8", "i8", "u8" -> 8;
            case "f4", "i4", "u4" -> 4;
            case "i2", "u2", "f2" -> 2;
            case "u1", "i1", "b1" -> 1;
            default ->
                throw new BadInputException(
                        where + ": dtype '" + descr + "'; expected one of " + SUPPORTED);
        };
        if (kind.equals("f2") || kind.equals("u8")) {
            throw new BadInputException(
                    where + ": dtype '" + descr + "'; expected one of " + SUPPORTED);
        }
        if (count > Integer.MAX_VALUE / width || data.remaining() < count * width) {
            throw new BadInputException(where + ": " + data.remaining()
                    + " bytes of data; expected " + count * width + " for shape "
                    + Arrays.toString(shape) + " of " + descr + " (truncated file?)");
        }
        int n = (int) count;
        NpyArray result;
        switch (kind) {
            case "f8", "f4": {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = width == 8 ? data.getDouble() : data.getFloat();
                }
                result = new NpyArray("<" + kind, shape, d, null, null);
                break;
            }
            case "u1": {
                byte[] b = new byte[n];
                data.get(b);
                result = new NpyArray("|u1", shape, null, null, b);
                break;
            }
            default: {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = switch (kind) {
                        case "i8" -> data.getLong();
                        case "i4" -> data.getInt();
                        case "u4" -> data.getInt() & 0xffffffffL;
                        case "i2" -> data.getShort();
                        case "u2" -> data.getShort() & 0xffff;
                        default -> data.get(); // i1, b1
                    };
                }
                result = new NpyArray("<i8", shape, null, l, null);
            }
        }
        return fortranOrder && shape.length > 1 ? result.fromFortranOrder() : result;
    }

    static final String SUPPORTED =
            "<f4, <f8, |u1, |i1, |b1, <i2, <u2, <i4, <u4, <i8 (either byte order)";

    /** Reorders values that were stored column-major (fortran_order True) into row-major order. */
    private NpyArray fromFortranOrder() {
        int n = size();
        int[] perm = new int[n];
        int[] index = new int[shape.length];
        for (int c = 0; c < n; c++) {
            // c walks row-major order; compute the column-major offset of the same index
            int f = 0;
            int stride = 1;
            for (int k = 0; k < shape.length; k++) {
                f += index[k] * stride;
                stride *= shape[k];
            }
            perm[c] = f;
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++index[k] < shape[k]) {
                    break;
                }
                index[k] = 0;
            }
        }
        double[] d = null;
        long[] l = null;
        byte[] b = null;
        if (doubles != null) {
            d = new double[n];
            for (int c = 0; c < n; c++) {
                d[c] = doubles[perm[c]];
            }
        } else if (longs != null) {
            l = new long[n];
            for (int c = 0; c < n; c++) {
                l[c] = longs[perm[c]];
            }
        } else {
            b = new byte[n];
            for (int c = 0; c < n; c++) {
                b[c] = bytes[perm[c]];
            }
        }
        return new NpyArray(dtype, shape, d, l, b);
    }

    @Override
    public String toString() {
        return "NpyArray(" + dtype + ", " + Arrays.toString(shape) + ")";
    }
}
