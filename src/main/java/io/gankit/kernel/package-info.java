/**
 * The Java Jupyter kernel: jjava-jupyter's protocol with JShell in the kernel's own JVM (cells,
 * completion, interrupts, class-path magics), its kernelspec and the Jupyter set-up for {@code lab}
 * and headless runs. Notebooks never import it.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.kernel;
