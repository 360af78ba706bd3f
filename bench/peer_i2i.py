#!/usr/bin/env python3
"""PyTorch peer of the kit's image-to-image games, for `./gankit bench --image-to-image`.

One training step of each family, written in PyTorch with the kit's layers, shapes, losses and
update order (io.gankit.train.SuperResolutionGame, Pix2PixGame, CycleGanGame; the networks of
io.gankit.nn.SuperResolution and ImageToImage), Adam with the kit's settings (eps 1e-8):

- srgan: the adversarial phase of SRGAN with the pixel content loss. The step makes its
  low-resolution inputs from the batch (a bicubic resize as two matrix products, rounded to bytes,
  as the kit's Resample does), runs G once, updates D on the non-saturating loss (logits,
  softplus), then G through the frozen D on MSE + 1e-3 x adversarial, and measures the MSE.
- pix2pix: colourisation. Grey inputs from the batch (Pillow's luma to the byte, as the kit's
  Greyscale), G once, D on half the non-saturating loss of (grey, colour) pairs, then G through the
  frozen D on adversarial weight x adversarial + L1 weight x L1.
- cyclegan: both generators in one update through the frozen discriminators (least squares,
  cycle and identity L1), then both discriminators on real images against pooled, detached fakes.

The data are random uint8 images of the kit's shapes, gathered and scaled to [-1, 1] per batch as
the kit does, so both sides pay for batching; nothing is downloaded. The bench passes the network
sizes it trains (the CLI's teaching sizes), so one place holds them.

Prints one JSON line: {"family", "name", "torch", "threads", "batch", "steps", "ms_per_step",
"steps_per_s", "params": {network: trainable parameters}, "blas"}. With --count it prints only
{"family", "params"} and exits, without training.

Usage: python3 bench/peer_i2i.py --family srgan --scale 4 --g-filters 32 --g-blocks 4 --d-filters 32
           --d-levels 4 --dense 256 --adversarial-weight 0.001 --lr 1e-4 --beta1 0.9 --batch 16
           [--steps N --warmup N --threads T | --count]
"""
import argparse
import json
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import peer_env

SIDE = {"srgan": 28, "pix2pix": 32, "cyclegan": 28}
CHANNELS = {"srgan": 1, "pix2pix": 3, "cyclegan": 3}
IMAGES = 4096  # random training images per domain (the kit samples 50,000 to 60,000)


class Residual(nn.Module):
    """x + block(x): the kit's nn.Residual."""

    def __init__(self, block):
        super().__init__()
        self.block = block

    def forward(self, x):
        return x + self.block(x)


class Skip(nn.Module):
    """x joined along the channels with block(x): a U-Net level (the kit's ImageToImage.skip)."""

    def __init__(self, block):
        super().__init__()
        self.block = block

    def forward(self, x):
        return torch.cat([x, self.block(x)], 1)


def conv_side(side, kernel, stride, padding):
    return (side + 2 * padding - kernel) // stride + 1


def sr_resnet(channels, scale, filters, blocks):
    """SuperResolution.srResNet(): 9x9 conv + PReLU, residual trunk, pixel-shuffle x2 stages, 9x9 conv."""
    trunk = [Residual(nn.Sequential(
        nn.Conv2d(filters, filters, 3, 1, 1, bias=False), nn.BatchNorm2d(filters), nn.PReLU(),
        nn.Conv2d(filters, filters, 3, 1, 1, bias=False), nn.BatchNorm2d(filters)))
        for _ in range(blocks)]
    trunk += [nn.Conv2d(filters, filters, 3, 1, 1, bias=False), nn.BatchNorm2d(filters)]
    layers = [nn.Conv2d(channels, filters, 9, 1, 4), nn.PReLU(), Residual(nn.Sequential(*trunk))]
    s = scale
    while s > 1:
        layers += [nn.Conv2d(filters, 4 * filters, 3, 1, 1), nn.PixelShuffle(2), nn.PReLU()]
        s //= 2
    layers += [nn.Conv2d(filters, channels, 9, 1, 4), nn.Tanh()]
    return nn.Sequential(*layers)


def sr_discriminator(channels, side, filters, levels, dense):
    """SuperResolution.discriminator(): 3x3 conv, levels of stride-1 and stride-2 convs, dense, logit."""
    layers = [nn.Conv2d(channels, filters, 3, 1, 1), nn.LeakyReLU(0.2)]
    width_in = filters
    for level in range(levels):
        width = filters << level
        for stride in ((2,) if level == 0 else (1, 2)):
            layers += [nn.Conv2d(width_in, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width),
                       nn.LeakyReLU(0.2)]
            width_in = width
            side = conv_side(side, 3, stride, 1)
    layers += [nn.Flatten(), nn.Linear(width_in * side * side, dense), nn.LeakyReLU(0.2), nn.Linear(dense, 1)]
    return nn.Sequential(*layers)


def u_net(in_channels, out_channels, filters, downs, dropout):
    """ImageToImage.uNet() with batch norm, built from the innermost level outwards as the kit does."""
    def width(level):
        return filters if level < 0 else filters * min(1 << level, 8)

    inner = None
    for level in range(downs - 1, -1, -1):
        here, outer = width(level), width(level - 1)
        innermost = level == downs - 1
        layers = [] if level == 0 else [nn.LeakyReLU(0.2)]
        layers.append(nn.Conv2d(in_channels if level == 0 else outer, here, 4, 2, 1, bias=False))
        if level > 0 and not innermost:
            layers.append(nn.BatchNorm2d(here))
        if inner is not None:
            layers.append(inner)
        layers.append(nn.ReLU())
        up_in = here if innermost else 2 * here
        if level == 0:
            layers += [nn.ConvTranspose2d(up_in, out_channels, 4, 2, 1), nn.Tanh()]
            return nn.Sequential(*layers)
        layers += [nn.ConvTranspose2d(up_in, outer, 4, 2, 1, bias=False), nn.BatchNorm2d(outer)]
        if dropout and level >= downs - 3 and not innermost:
            layers.append(nn.Dropout(0.5))
        inner = Skip(nn.Sequential(*layers))
    raise AssertionError("level 0 returns")


def res_net(channels, filters, blocks):
    """ImageToImage.resNet(): CycleGAN's generator, reflection padding, instance norm without affine."""
    norm = lambda c: nn.InstanceNorm2d(c, affine=False)
    layers = [nn.ReflectionPad2d(3), nn.Conv2d(channels, filters, 7, 1, 0, bias=False), norm(filters), nn.ReLU()]
    width = filters
    for _ in range(2):
        layers += [nn.Conv2d(width, 2 * width, 3, 2, 1, bias=False), norm(2 * width), nn.ReLU()]
        width *= 2
    for _ in range(blocks):
        layers.append(Residual(nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(width, width, 3, 1, 0, bias=False), norm(width), nn.ReLU(),
            nn.ReflectionPad2d(1), nn.Conv2d(width, width, 3, 1, 0, bias=False), norm(width))))
    for _ in range(2):
        layers += [nn.ConvTranspose2d(width, width // 2, 4, 2, 1, bias=False), norm(width // 2), nn.ReLU()]
        width //= 2
    layers += [nn.ReflectionPad2d(3), nn.Conv2d(width, channels, 7, 1, 0), nn.Tanh()]
    return nn.Sequential(*layers)


def patch_gan(channels, filters, layers, instance):
    """ImageToImage.patchGan(): 4x4 convs, one logit per patch; batch or instance (no affine) norm."""
    norm = (lambda c: nn.InstanceNorm2d(c, affine=False)) if instance else nn.BatchNorm2d
    out = [nn.Conv2d(channels, filters, 4, 2, 1), nn.LeakyReLU(0.2)]
    width = filters
    for n in range(1, layers):
        nxt = filters * min(1 << n, 8)
        out += [nn.Conv2d(width, nxt, 4, 2, 1, bias=False), norm(nxt), nn.LeakyReLU(0.2)]
        width = nxt
    nxt = filters * min(1 << layers, 8)
    out += [nn.Conv2d(width, nxt, 4, 1, 1, bias=False), norm(nxt), nn.LeakyReLU(0.2), nn.Conv2d(nxt, 1, 4, 1, 1)]
    return nn.Sequential(*out)


def networks(a):
    """The family's networks by the kit's checkpoint names, in the kit's order."""
    c, side = CHANNELS[a.family], SIDE[a.family]
    if a.family == "srgan":
        return {"generator": sr_resnet(c, a.scale, a.g_filters, a.g_blocks),
                "discriminator": sr_discriminator(c, side, a.d_filters, a.d_levels, a.dense)}
    if a.family == "pix2pix":
        return {"generator": u_net(1, 3, a.g_filters, a.g_levels, a.dropout),
                "discriminator": patch_gan(4, a.d_filters, a.d_layers, instance=False)}
    return {"generator-ab": res_net(c, a.g_filters, a.g_blocks),
            "generator-ba": res_net(c, a.g_filters, a.g_blocks),
            "discriminator-a": patch_gan(c, a.d_filters, a.d_layers, instance=True),
            "discriminator-b": patch_gan(c, a.d_filters, a.d_layers, instance=True)}


def count(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def frozen(module, yes):
    """The kit's Adam.freeze: the weights gather no gradient while the gradient flows through."""
    for p in module.parameters():
        p.requires_grad_(not yes)


def batch_of(data, batch):
    """A random batch of the uint8 images, scaled to [-1, 1] as ImageSet.batch does."""
    idx = torch.randint(0, data.shape[0], (batch,))
    return data[idx].float() / 127.5 - 1


def bicubic_weights(inp, out):
    """Pillow's bicubic (a = -0.5) resize weights of one axis, antialiased, as the kit's Resample."""
    scale = inp / out
    support = 2.0 * max(scale, 1.0)
    w = torch.zeros(out, inp)

    def cubic(x):
        x = abs(x)
        if x < 1:
            return (1.5 * x - 2.5) * x * x + 1
        if x < 2:
            return ((-0.5 * x + 2.5) * x - 4) * x + 2
        return 0.0

    for i in range(out):
        centre = (i + 0.5) * scale
        lo, hi = max(int(centre - support + 0.5), 0), min(int(centre + support + 0.5), inp)
        ks = [cubic((j - centre + 0.5) / max(scale, 1.0)) for j in range(lo, hi)]
        total = sum(ks)
        for j, k in zip(range(lo, hi), ks):
            w[i, j] = k / total
    return w


def srgan_step(a, nets, opts, data):
    g, d = nets["generator"], nets["discriminator"]
    opt_g, opt_d = opts["generator"], opts["discriminator"]
    side = SIDE["srgan"]
    down = bicubic_weights(side, side // a.scale)
    across = down.t().contiguous()

    def step():
        original = batch_of(data, a.batch)
        # rows first, as Pillow and the kit: x across^T resizes each row, then down . each column
        levels = ((down @ (original @ across) + 1) * 127.5).clamp(0, 255).add(0.5).floor()
        low = levels / 127.5 - 1
        output = g(low)
        d_loss = F.softplus(-d(original)).mean() + F.softplus(d(output.detach())).mean()
        d_loss.backward()
        d_value = d_loss.item()
        opt_d.step()
        opt_d.zero_grad()
        frozen(d, True)
        content = (output - original).square().mean()
        adversarial = F.softplus(-d(output)).mean()
        loss = content + a.adversarial_weight * adversarial
        loss.backward()
        g_values = torch.stack([loss, content, adversarial]).tolist()
        frozen(d, False)
        opt_g.step()
        opt_g.zero_grad()
        mse = (output.detach() - original).square().mean().item()
        return d_value, g_values, mse

    return step


def pix2pix_step(a, nets, opts, data):
    g, d = nets["generator"], nets["discriminator"]
    opt_g, opt_d = opts["generator"], opts["discriminator"]
    luma = torch.tensor([19595.0, 38470.0, 7471.0]).view(1, 3, 1, 1)

    def step():
        colour = batch_of(data, a.batch)
        levels = ((colour + 1) * 127.5).add(0.5).floor()
        grey = ((levels * luma).sum(1, keepdim=True).add(32768.0) / 65536.0).floor() / 127.5 - 1
        output = g(grey)
        d_loss = 0.5 * (F.softplus(-d(torch.cat([grey, colour], 1))).mean()
                        + F.softplus(d(torch.cat([grey, output.detach()], 1))).mean())
        d_loss.backward()
        d_value = d_loss.item()
        opt_d.step()
        opt_d.zero_grad()
        frozen(d, True)
        l1 = (output - colour).abs().mean()
        adversarial = F.softplus(-d(torch.cat([grey, output], 1))).mean()
        loss = a.l1_weight * l1 + a.adversarial_weight * adversarial
        loss.backward()
        g_values = torch.stack([loss, l1, adversarial]).tolist()
        frozen(d, False)
        opt_g.step()
        opt_g.zero_grad()
        return d_value, g_values

    return step


class ImagePool:
    """The kit's ImagePool: per image, stored while not full, then half the time swapped for an old one."""

    def __init__(self, capacity):
        self.capacity = capacity
        self.images = []

    def query(self, generated):
        if self.capacity == 0:
            return generated
        shown = []
        for image in generated:
            image = image.clone()
            if len(self.images) < self.capacity:
                self.images.append(image)
                shown.append(image)
            elif random.random() >= 0.5:
                k = random.randrange(self.capacity)
                shown.append(self.images[k])
                self.images[k] = image
            else:
                shown.append(image)
        return torch.stack(shown)


def cyclegan_step(a, nets, opts, data):
    g_ab, g_ba = nets["generator-ab"], nets["generator-ba"]
    d_a, d_b = nets["discriminator-a"], nets["discriminator-b"]
    data_a, data_b = data
    pool_a, pool_b = ImagePool(a.pool), ImagePool(a.pool)

    def g_loss(fake):
        return 0.5 * (fake - 1).square().mean()

    def d_loss(real, fake):
        return 0.5 * ((real - 1).square().mean() + fake.square().mean())

    def step():
        real_a = batch_of(data_a, a.batch)
        real_b = batch_of(data_b, a.batch)
        frozen(d_a, True)
        frozen(d_b, True)
        fake_b = g_ab(real_a)
        fake_a = g_ba(real_b)
        adversarial = g_loss(d_b(fake_b)) + g_loss(d_a(fake_a))
        cycle = (g_ba(fake_b) - real_a).abs().mean() + (g_ab(fake_a) - real_b).abs().mean()
        identity = (g_ab(real_b) - real_b).abs().mean() + (g_ba(real_a) - real_a).abs().mean()
        total = adversarial + a.cycle_weight * cycle + a.cycle_weight * a.identity_weight * identity
        total.backward()
        g_values = torch.stack([total, adversarial, cycle, identity]).tolist()
        frozen(d_a, False)
        frozen(d_b, False)
        for name in ("generator-ab", "generator-ba"):
            opts[name].step()
            opts[name].zero_grad()
        shown_a = pool_a.query(fake_a.detach())
        shown_b = pool_b.query(fake_b.detach())
        loss_a = d_loss(d_a(real_a), d_a(shown_a))
        loss_b = d_loss(d_b(real_b), d_b(shown_b))
        (loss_a + loss_b).backward()
        d_values = torch.stack([loss_a, loss_b]).tolist()
        for name in ("discriminator-a", "discriminator-b"):
            opts[name].step()
            opts[name].zero_grad()
        return d_values, g_values

    return step


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", choices=sorted(SIDE), required=True)
    ap.add_argument("--scale", type=int, help="srgan: upscaling factor")
    ap.add_argument("--g-filters", type=int, required=True, help="generator filters")
    ap.add_argument("--g-blocks", type=int, help="srgan, cyclegan: residual blocks")
    ap.add_argument("--g-levels", type=int, help="pix2pix: U-Net levels")
    ap.add_argument("--dropout", type=int, choices=(0, 1), default=0, help="pix2pix: U-Net dropout")
    ap.add_argument("--d-filters", type=int, required=True, help="discriminator filters")
    ap.add_argument("--d-levels", type=int, help="srgan: discriminator levels")
    ap.add_argument("--dense", type=int, help="srgan: discriminator dense units")
    ap.add_argument("--d-layers", type=int, help="pix2pix, cyclegan: PatchGAN stride-2 layers")
    ap.add_argument("--adversarial-weight", type=float, help="srgan, pix2pix")
    ap.add_argument("--l1-weight", type=float, help="pix2pix")
    ap.add_argument("--cycle-weight", type=float, help="cyclegan")
    ap.add_argument("--identity-weight", type=float, help="cyclegan, relative to the cycle weight")
    ap.add_argument("--pool", type=int, help="cyclegan: image pool size")
    ap.add_argument("--lr", type=float, required=True)
    ap.add_argument("--beta1", type=float, required=True)
    ap.add_argument("--beta2", type=float, default=0.999)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    ap.add_argument("--count", action="store_true", help="print trainable parameter counts and exit")
    a = ap.parse_args()
    needed = {"srgan": ("scale", "g_blocks", "d_levels", "dense", "adversarial_weight"),
              "pix2pix": ("g_levels", "d_layers", "adversarial_weight", "l1_weight"),
              "cyclegan": ("g_blocks", "d_layers", "cycle_weight", "identity_weight", "pool")}[a.family]
    missing = ["--" + n.replace("_", "-") for n in needed if getattr(a, n) is None]
    if missing:
        ap.error("--family " + a.family + " needs " + " ".join(missing))
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    random.seed(0)
    nets = networks(a)
    params = {name: count(net) for name, net in nets.items()}
    if a.count:
        print(json.dumps({"family": a.family, "params": params}))
        return
    for net in nets.values():
        net.train()
    opts = {name: torch.optim.Adam(net.parameters(), lr=a.lr, betas=(a.beta1, a.beta2), eps=1e-8)
            for name, net in nets.items()}
    shape = (IMAGES, CHANNELS[a.family], SIDE[a.family], SIDE[a.family])
    if a.family == "srgan":
        step = srgan_step(a, nets, opts, torch.randint(0, 256, shape, dtype=torch.uint8))
    elif a.family == "pix2pix":
        step = pix2pix_step(a, nets, opts, torch.randint(0, 256, shape, dtype=torch.uint8))
    else:
        step = cyclegan_step(a, nets, opts, (torch.randint(0, 256, shape, dtype=torch.uint8),
                                             torch.randint(0, 256, shape, dtype=torch.uint8)))
    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    seconds = time.perf_counter() - start
    print(json.dumps({"family": a.family, "name": "pytorch " + torch.__version__, "torch": torch.__version__,
                      "threads": torch.get_num_threads(), "batch": a.batch, "steps": a.steps,
                      "ms_per_step": 1000 * seconds / a.steps, "steps_per_s": a.steps / seconds,
                      "params": params, "blas": peer_env.blas()}))


if __name__ == "__main__":
    main()
