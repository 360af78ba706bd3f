/**
 * The one training loop ({@link io.gankit.train.GanTrainer}) and the games it plays
 * ({@link io.gankit.train.Game}; {@link io.gankit.train.GanGame} for one generator against one
 * discriminator; {@link io.gankit.train.SuperResolutionGame} for SRGAN), the GAN updates, the
 * config, the history table, listeners, atomic checkpoints of every network and optimiser, run
 * folders, and the saveable Adam.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.train;
