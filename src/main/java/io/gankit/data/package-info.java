/**
 * In-memory sample sets (uint8 N x C x H x W plus labels), readers of the official formats (IDX,
 * CIFAR-10 binary), and the data folder with verified downloads and safe tar extraction.
 *
 * <p>Imports go one way (ARCHITECTURE.md): io.gankit, engine, data, plot, nn, loss, train, metrics,
 * lab, notebook, kernel, bench, cli; a package uses only those before it.
 */
package io.gankit.data;
