/**
 * The kit's benchmarks: the training step against a raw DJL loop and PyTorch, the convolution
 * routes, resident memory, the kit's layers against plain DJL routes ({@code LayerBench}), the
 * Frechet distance's steps ({@code FrechetBenchmark}), the conditional GAN beside PyTorch
 * ({@code ConditioningRace}) and the image-to-image games' steps beside PyTorch ({@code
 * ImageToImageBench}); the PyTorch peers are started by {@code Peers}.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.bench;
