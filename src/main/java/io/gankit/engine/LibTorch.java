package io.gankit.engine;

import ai.djl.pytorch.jni.LibUtils;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few switches of libtorch's global context that DJL does not expose, reached through JNA in
 * the library DJL has already loaded: the same calls as Python's {@code torch.backends.mkldnn.enabled
 * = False}, {@code torch.__config__.show()} and c10's log level. The symbols are C++ names in the
 * Itanium ABI (Linux, macOS); where they are missing every call here says so instead of guessing.
 */
final class LibTorch {
    /** {@code at::globalContext()}. */
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    /** {@code at::Context::setUserEnabledMkldnn(bool)}. */
    private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
    /** {@code at::Context::userEnabledMkldnn() const}. */
    private static final String GET_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";
    /** {@code at::show_config[abi:cxx11]()}, returning a {@code std::string}. */
    private static final String SHOW_CONFIG = "_ZN2at11show_configB5cxx11Ev";
    /** c10's minimum level of its log lines: 0 info, 1 warning, 2 error. */
    private static final String LOG_LEVEL = "FLAGS_caffe2_log_level";

    private static final int LOG_ERROR = 2;

    private LibTorch() {}

    /** Whether PyTorch may use oneDNN (MKL-DNN) for convolutions and other operators. */
    static boolean oneDnnEnabled() {
        return function(GET_MKLDNN).invokeInt(new Object[] {context()}) != 0;
    }

    /** Lets PyTorch use oneDNN or not; takes effect from the next operator on. */
    static void setOneDnnEnabled(boolean enabled) {
        function(SET_MKLDNN).invokeVoid(new Object[] {context(), (byte) (enabled ? 1 : 0)});
    }

    /**
     * Keeps libtorch's warnings (the deprecated AutoNonVariableTypeMode that DJL's JNI triggers,
     * NNPACK's "unsupported hardware") off the kit's output, as PyTorch's own Python launcher does
     * from {@code TORCH_CPP_LOG_LEVEL}; a user who sets that variable keeps its level.
     */
    static void quietWarnings() {
        if (System.getenv("TORCH_CPP_LOG_LEVEL") != null) {
            return;
        }
        library("c10").getGlobalVariableAddress(LOG_LEVEL).setInt(0, LOG_ERROR);
    }

    /** {@code torch.__config__.show()}: how libtorch was built (oneDNN and MKL versions, CPU capability). */
    static Optional<String> config() {
        try {
            // A std::string is returned through a hidden pointer to caller-owned storage (32 bytes
            // in
            // libstdc++): data pointer, then length. Its buffer is not freed; this runs once, for
            // doctor.
            Memory result = new Memory(64);
            function(SHOW_CONFIG).invokeVoid(new Object[] {result});
            Pointer data = result.getPointer(0);
            long length = result.getLong(8);
            if (data == null || length < 0 || length > 1 << 20) {
                return Optional.empty();
            }
            return Optional.of(
                    new String(data.getByteArray(0, (int) length), StandardCharsets.UTF_8));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Pointer context() {
        return function(GLOBAL_CONTEXT).invokePointer(new Object[0]);
    }

    private static Function function(String symbol) {
        try {
            return library("torch_cpu").getFunction(symbol);
        } catch (UnsatisfiedLinkError e) {
            throw new UnsupportedOperationException(
                    "libtorch in " + LibUtils.getLibtorchPath() + " has no symbol " + symbol
                            + " (expected a Linux or macOS build of PyTorch 2.x)",
                    e);
        }
    }

    private static NativeLibrary library(String name) {
        Path dir = Path.of(LibUtils.getLibtorchPath());
        for (String file :
                new String[] {"lib" + name + ".so", "lib" + name + ".dylib", name + ".dll"}) {
            if (Files.exists(dir.resolve(file))) {
                return NativeLibrary.getInstance(dir.resolve(file).toString());
            }
        }
        throw new UnsupportedOperationException("no " + name + " library in " + dir);
    }
}
