package io.gankit.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs JShell snippets inside the kernel's own JVM, on a thread of their own, and keeps the live
 * result object and the live exception of the last snippet so the kernel can render values and
 * format errors with their real types and stack traces (JShell itself only hands back strings).
 * {@link #stop()} interrupts the running snippet and, if it ignores the interrupt, stops its thread;
 * it also keeps any later snippet of the same cell from starting.
 */
final class LiveExecutionControl extends DirectExecutionControl {
    /** How long a snippet may ignore an interrupt before its thread is stopped outright. */
    private static final long STOP_GRACE_MILLIS = 300;

    private final Object lock = new Object();
    /** The thread of the running snippet; guarded by {@link #lock}. */
    private Thread running;
    /** Set by {@link #stop()} until the next {@link #newCell()}, so no later snippet of the cell starts. */
    private volatile boolean stopRequested;

    private volatile Object lastValue;
    private volatile Throwable lastThrown;

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue = null;
        lastThrown = null;
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(
                () -> {
                    try {
                        result[0] = doitMethod.invoke(null);
                    } catch (Throwable t) {
                        failure[0] = t;
                    }
                },
                "gankit-cell");
        thread.setDaemon(true);
        thread.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        synchronized (lock) {
            if (stopRequested) {
                throw new StoppedException();
            }
            running = thread;
            thread.start();
        }
        try {
            thread.join();
        } finally {
            synchronized (lock) {
                running = null;
            }
        }
        if (stopRequested) {
            throw new StoppedException();
        }
        if (failure[0] != null) {
            Throwable t = failure[0];
            if (t instanceof InvocationTargetException && t.getCause() != null) {
                lastThrown = t.getCause();
            } else {
                lastThrown = t;
            }
            // The superclass turns this into the EvalException that JShell reports.
            throw t instanceof Exception ? (Exception) t : new InvocationTargetException(t);
        }
        lastValue = result[0];
        return valueString(result[0]);
    }

    /** Reads a variable for JShell (a bare variable name as a cell) and keeps the live object. */
    @Override
    public String varValue(String className, String varName) throws InternalException {
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            Object value = field.get(null);
            lastValue = value;
            return valueString(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException("cannot read " + varName + ": " + e);
        }
    }

    /** Interrupts the running snippet; a snippet that does not react within a moment has its thread stopped. */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread thread;
        synchronized (lock) {
            stopRequested = true;
            thread = running;
        }
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            try {
                thread.stop();
            } catch (UnsupportedOperationException e) {
                // Newer JDKs removed Thread.stop: the interrupt is all that can be done.
            }
        }
    }

    /** Clears a stop request of the previous cell. */
    void newCell() {
        synchronized (lock) {
            stopRequested = false;
        }
    }

    /** Whether {@link #stop()} was called since the cell began. */
    boolean wasStopped() {
        return stopRequested;
    }

    /** The value the last snippet evaluated to (null for statements and void calls). */
    Object lastValue() {
        return lastValue;
    }

    /** What the last snippet threw, unwrapped from reflection, or null. */
    Throwable lastThrown() {
        return lastThrown;
    }

    /** Drops the references to the last value and exception so they can be collected. */
    void forget() {
        lastValue = null;
        lastThrown = null;
    }
}
