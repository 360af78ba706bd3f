/**
 * The training-step benchmark of the kit against a raw DJL loop and PyTorch, the convolution
 * routes, and resident memory.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.bench;
