/**
 * Charts (XChart) of history tables and pictures (image grids, PNG, GIF); everything returns a
 * chart or a BufferedImage.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.plot;
