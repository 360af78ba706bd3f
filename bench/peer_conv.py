#!/usr/bin/env python3
"""PyTorch peer of the kit's convolutional GAN step, for `./gankit bench`.

Runs the seed's CIFAR-10 model (cifar-seed) or DCGAN on random data of CIFAR-10's shape with
the same step as the kit: a discriminator step on a real batch and a detached fake batch (BCE
from logits, the two terms summed as in the seed), then a generator step (non-saturating BCE),
Adam 2e-4, betas (0.5, 0.999). Prints one JSON line:
{"model": ..., "steps_per_s": ..., "ms_per_step": ..., ...}.

Usage: python3 bench/peer_conv.py --model cifar-seed|dcgan --steps N --warmup N --threads T
       [--batch B] [--params]   (--params prints the trainable parameter counts and exits)
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import peer_env


def seed_cifar(latent=100, channels=3):
    g = nn.Sequential(
        nn.Linear(latent, 128 * 8 * 8), nn.ReLU(), nn.Unflatten(1, (128, 8, 8)),
        nn.Upsample(scale_factor=2), nn.Conv2d(128, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(),
        nn.Upsample(scale_factor=2), nn.Conv2d(128, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Conv2d(64, channels, 3, padding=1), nn.Tanh())
    lrelu = lambda: nn.LeakyReLU(0.2)
    d = nn.Sequential(
        nn.Conv2d(channels, 32, 3, stride=2, padding=1), lrelu(), nn.Dropout(0.25),
        nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ZeroPad2d((0, 1, 0, 1)), nn.BatchNorm2d(64), lrelu(),
        nn.Dropout(0.25),
        nn.Conv2d(64, 128, 3, stride=2, padding=1), nn.BatchNorm2d(128), lrelu(), nn.Dropout(0.25),
        nn.Conv2d(128, 256, 3, stride=1, padding=1), nn.BatchNorm2d(256), lrelu(), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(256 * 5 * 5, 1))
    return g, d


def dcgan(latent=100, channels=3):
    g = nn.Sequential(
        nn.Unflatten(1, (latent, 1, 1)),
        nn.ConvTranspose2d(latent, 256, 4, 1, 0, bias=False), nn.BatchNorm2d(256), nn.ReLU(),
        nn.ConvTranspose2d(256, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(),
        nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
        nn.ConvTranspose2d(64, channels, 4, 2, 1, bias=False), nn.Tanh())
    d = nn.Sequential(
        nn.Conv2d(channels, 64, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
        nn.Conv2d(64, 128, 4, 2, 1, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.2),
        nn.Conv2d(128, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.LeakyReLU(0.2),
        nn.Conv2d(256, 1, 4, 1, 0, bias=False), nn.Flatten())
    return g, d


MODELS = {"cifar-seed": (seed_cifar, 32), "dcgan": (dcgan, 64)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", choices=sorted(MODELS), required=True)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    ap.add_argument("--batch", type=int, default=0, help="batch size (0: 32 for cifar-seed, 64 for dcgan)")
    ap.add_argument("--params", action="store_true", help="print trainable parameter counts and exit")
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    build, default_batch = MODELS[args.model]
    g, d = build()
    if args.params:
        count = lambda m: sum(p.numel() for p in m.parameters() if p.requires_grad)
        print(json.dumps({"model": args.model, "generator_params": count(g), "discriminator_params": count(d)}))
        return
    batch = args.batch or default_batch
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(batch, 3, 32, 32) * 2 - 1
    ones = torch.ones(batch, 1)
    zeros = torch.zeros(batch, 1)

    def step():
        z = torch.randn(batch, 100)
        fake = g(z)
        opt_d.zero_grad()
        d_loss = F.binary_cross_entropy_with_logits(d(real), ones) + \
            F.binary_cross_entropy_with_logits(d(fake.detach()), zeros)
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        g_loss = F.binary_cross_entropy_with_logits(d(fake), ones)
        g_loss.backward()
        opt_g.step()
        return d_loss.item() + g_loss.item()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({"model": args.model, "steps_per_s": args.steps / seconds,
                      "ms_per_step": 1000 * seconds / args.steps, "batch": batch, "steps": args.steps,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "blas": peer_env.blas()}))


if __name__ == "__main__":
    main()
