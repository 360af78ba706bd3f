"""PyTorch peer of gankit's benchmark: the seed's MNIST GAN loop, step for step as the kit runs it.

Run by `./gankit bench` with Debian's python3-torch (`/usr/bin/python3 bench/peer.py ...`); prints one
JSON line. The data is a uint8 tensor of MNIST's shape, gathered and scaled to [-1, 1] per batch as
the kit does, so both sides pay for batching; the network, loss and optimiser are the seed's.
"""
import argparse
import json
import time

import torch
import torch.nn as nn

import peer_env


def seed_models(latent):
    g = nn.Sequential(
        nn.Linear(latent, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 1024), nn.LeakyReLU(0.2),
        nn.Linear(1024, 784), nn.Tanh())
    d = nn.Sequential(
        nn.Linear(784, 512), nn.LeakyReLU(0.2),
        nn.Linear(512, 256), nn.LeakyReLU(0.2),
        nn.Linear(256, 1), nn.Sigmoid())
    return g, d


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    latent = 100
    g, d = seed_models(latent)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    data = torch.randint(0, 256, (60000, 784), dtype=torch.uint8)
    ones = torch.ones(a.batch, 1)
    zeros = torch.zeros(a.batch, 1)

    def step():
        idx = torch.randint(0, data.shape[0], (a.batch,))
        real = data[idx].float() / 127.5 - 1
        z = torch.randn(a.batch, latent)
        fake = g(z)
        opt_d.zero_grad()
        d_loss = bce(d(real), ones) + bce(d(fake.detach()), zeros)
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        g_loss = bce(d(fake), ones)
        g_loss.backward()
        opt_g.step()
        return d_loss.item(), g_loss.item()

    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({"name": "pytorch " + torch.__version__, "steps": a.steps, "threads": torch.get_num_threads(),
                      "steps_per_s": a.steps / seconds, "ms_per_step": 1000 * seconds / a.steps,
                      "blas": peer_env.blas()}))


if __name__ == "__main__":
    main()
