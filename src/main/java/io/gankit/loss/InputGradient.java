package io.gankit.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;

import io.gankit.GankitException;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@code d sum(outputs) / d inputs} as a tensor that is itself part of the autograd graph, computed
 * with PyTorch's {@code torch.autograd.grad(..., create_graph=True)}.
 *
 * <p>Why not DJL's backward: it can only accumulate into {@code .grad} fields, and a {@code .grad}
 * that carries a graph leading back to its own tensor is a reference cycle libtorch never frees
 * (a WGAN-GP run lost megabytes per critic step). {@code autograd.grad} writes no {@code .grad}.
 * DJL 0.35.1 has no call for it, so the kit ships a two-line TorchScript module that makes it
 * ({@code input-gradient.pt}, written by {@code scripts/make-input-gradient.py}) and runs it in
 * training mode, where autograd stays on. DJL's public {@code forward} runs TorchScript with
 * autograd off, so the module's method is invoked through DJL's native binding by reflection;
 * a DJL without that binding fails here with a message saying so.
 */
public final class InputGradient {
    private static final String RESOURCE = "input-gradient.pt";

    private InputGradient() {}

    /**
     * The gradient of {@code outputs.sum()} with respect to {@code inputs} (which must require
     * gradients and lie on {@code outputs}' graph), with its own graph, in {@code outputs}' manager.
     */
    public static NDArray of(NDArray outputs, NDArray inputs) {
        if (!(outputs instanceof PtNDArray) || !(inputs instanceof PtNDArray)) {
            throw new GankitException("InputGradient needs the PyTorch engine; got "
                    + outputs.getManager().getEngine());
        }
        Binding b = Binding.get();
        try (IValue o = IValue.from((PtNDArray) outputs);
                IValue i = IValue.from((PtNDArray) inputs);
                IValue result = b.run(o, i)) {
            return result.toTensor((PtNDManager) outputs.getManager());
        }
    }

    /** The loaded module and the native entry point, made once per JVM on first use. */
    private static final class Binding {
        private static Binding made;

        /**
         * Made here rather than in a static initialiser, so that a failure reaches the caller as
         * the kit's exception each time instead of as a class-initialisation error.
         */
        static synchronized Binding get() {
            if (made == null) {
                made = new Binding();
            }
            return made;
        }

        // The module is a few kilobytes and holds no weights; it lives as long as the JVM, so its
        // manager is never closed.
        private final PtSymbolBlock module;
        private final Object library;
        private final Method runMethod;
        private final Constructor<IValue> wrap;

        private Binding() {
            try (InputStream in = InputGradient.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new GankitException(RESOURCE
                            + " is missing from the classpath (io/gankit/loss/); rebuild the kit");
                }
                PtNDManager manager = (PtNDManager) NDManager.newBaseManager(
                        Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
                module = JniUtils.loadModule(manager, in, true, false);
                Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
                Field instance = lib.getDeclaredField("LIB");
                instance.setAccessible(true);
                library = instance.get(null);
                runMethod = lib.getDeclaredMethod(
                        "moduleRunMethod",
                        long.class,
                        String.class,
                        long[].class,
                        boolean.class,
                        boolean.class);
                runMethod.setAccessible(true);
                wrap = IValue.class.getDeclaredConstructor(long.class);
                wrap.setAccessible(true);
            } catch (IOException | ReflectiveOperationException | RuntimeException e) {
                throw new GankitException(
                        "cannot run TorchScript with autograd on through this DJL (" + e
                                + "); the kit is built against DJL 0.35.1's PyTorchLibrary.moduleRunMethod",
                        e);
            }
        }

        IValue run(IValue... inputs) {
            long[] handles = new long[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                handles[k] = inputs[k].getHandle();
            }
            try {
                long out = (Long) runMethod.invoke(
                        library, module.getHandle(), "forward", handles, true, false);
                return wrap.newInstance(out);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r
                        ? r
                        : new GankitException("autograd.grad failed: " + cause, cause);
            } catch (ReflectiveOperationException e) {
                throw new GankitException("cannot call the engine's module runner: " + e, e);
            }
        }
    }
}
