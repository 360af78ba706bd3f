/**
 * Generator and discriminator pairs by architecture, built from a small serialisable spec; the
 * layers DJL lacks and the kit's convolution layer; initialisation drawn in Java from the seed.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.nn;
