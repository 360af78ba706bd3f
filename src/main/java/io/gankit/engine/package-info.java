/**
 * Starting the engine the same way everywhere: threads, libtorch's warnings, the self-check of
 * float32 gradients against float64, the convolution route chosen for this CPU, and the one
 * place the kit convolves.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.engine;
