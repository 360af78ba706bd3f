/**
 * GAN objectives as pairs of pure functions of discriminator logits; the gradient penalty
 * (double backward) and weight clipping; super-resolution's content loss (pixel MSE, or the
 * squared difference of a fixed network's features, {@link io.gankit.loss.FeatureMap}).
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.loss;
