/**
 * Frechet distance as float64 maths on statistics, detectors, IS, KID, precision/recall, class
 * agreement and the score passport.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.metrics;
