"""PyTorch peer of gankit's conditional GAN on MNIST: the same model, loss, optimiser and step.

Run by `./gankit bench --conditioning` with Debian's python3-torch (1.13, an old PyTorch), one
process per seed. It trains `conditional-mlp` as the kit builds it (nn/ConditionalMlp.java):
  G: [z (100) | embedding(label) (10)] -> 256 -> 512 -> 1024 -> 784, LeakyReLU(0.2), Tanh
  D: [image (784) | embedding(label) (10)] -> 512 -> 256 -> 1 logit, LeakyReLU(0.2)
  embeddings N(0, 1) (nn.Embedding's default), linear layers PyTorch's default initialisation;
  the non-saturating loss on logits (BCE with logits: D real 1 / fake 0, G fake 1);
  Adam 2e-4, betas (0.5, 0.999) for both networks; batch 128, a new shuffle every epoch and the
  last partial batch dropped (468 steps an epoch); one D step then one G step, the fake batch
  generated for the real batch's labels (as the kit's GanGame does).
After each epoch listed in --at it writes OUT/epoch-NNN.npz (array `images`): --per-class images of every class
(float32, N x 1 x 28 x 28, in [-1, 1], classes in order 0..9, per-class blocks), for the kit to
score with its own classifier, so both sides are judged by the same judge. One JSON line per
epoch goes to stdout.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import peer_env


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Conditioned(nn.Module):
    """A network that sees its flattened input with a learned label embedding appended."""

    def __init__(self, classes, dim, body):
        super().__init__()
        self.embedding = nn.Embedding(classes, dim)
        self.body = body

    def forward(self, x, labels):
        return self.body(torch.cat([x.flatten(1), self.embedding(labels)], 1))


def models(latent, classes):
    g = Conditioned(classes, classes, nn.Sequential(
        nn.Linear(latent + classes, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 1024), nn.LeakyReLU(0.2),
        nn.Linear(1024, 784), nn.Tanh()))
    d = Conditioned(classes, classes, nn.Sequential(
        nn.Linear(784 + classes, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 1)))
    return g, d


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True, help="folder with mnist/train-*-ubyte.gz")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--at", default="2,5,10,20", help="epochs after which to write samples")
    p.add_argument("--per-class", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=128)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    at = {int(e) for e in a.at.split(",")}
    latent, classes = 100, 10
    images = torch.from_numpy(
        read_idx(os.path.join(a.data, "mnist", "train-images-idx3-ubyte.gz")).copy()).reshape(-1, 784)
    labels = torch.from_numpy(
        read_idx(os.path.join(a.data, "mnist", "train-labels-idx1-ubyte.gz")).astype(np.int64))
    g, d = models(latent, classes)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    n = images.shape[0]
    steps = n // a.batch
    os.makedirs(a.out, exist_ok=True)
    started = time.time()
    for epoch in range(1, a.epochs + 1):
        order = torch.randperm(n)
        for s in range(steps):
            idx = order[s * a.batch:(s + 1) * a.batch]
            real = images[idx].float() / 127.5 - 1
            y = labels[idx]
            fake = g(torch.randn(a.batch, latent), y)
            real_out = d(real, y)
            fake_out = d(fake.detach(), y)
            d_loss = (F.binary_cross_entropy_with_logits(real_out, torch.ones_like(real_out))
                      + F.binary_cross_entropy_with_logits(fake_out, torch.zeros_like(fake_out)))
            opt_d.zero_grad()
            d_loss.backward()
            opt_d.step()
            g_out = d(fake, y)
            g_loss = F.binary_cross_entropy_with_logits(g_out, torch.ones_like(g_out))
            opt_g.zero_grad()
            g_loss.backward()
            opt_g.step()
        if epoch in at:
            with torch.no_grad():
                want = torch.arange(classes).repeat_interleave(a.per_class)
                samples = g(torch.randn(want.shape[0], latent), want).reshape(-1, 1, 28, 28)
            path = os.path.join(a.out, "epoch-%03d.npz" % epoch)
            with open(path + ".tmp", "wb") as f:
                np.savez(f, images=samples.numpy().astype(np.float32))
            os.replace(path + ".tmp", path)
        print(json.dumps({"epoch": epoch, "steps": epoch * steps, "d_loss": d_loss.item(),
                          "g_loss": g_loss.item(), "seconds": round(time.time() - started, 1),
                          "torch": torch.__version__, "blas": peer_env.blas()}), flush=True)


if __name__ == "__main__":
    main()
