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
- lapgan: a step of the finest level (io.gankit.train.LapganGame, networks of io.gankit.nn.Lapgan):
  the residual of the batch against its halved and re-enlarged self (2x2 mean, bilinear), G on the
  enlarged image with a noise plane, D on residual + condition (non-saturating loss), then G
  through the frozen D, then the level's weight average of G (decay ramped as (1 + t) / (10 + t)).
  Every level's networks are built, as the kit's checkpoints hold them all.
- stylegan: io.gankit.train.StyleGanGame's step with io.gankit.nn.StyleGan's networks (equalised
  layers, StyleGAN2's modulated convolution in its non-grouped form, noise planes, toRGB skips,
  minibatch std): two latents per sample, style mixing, D on the logistic loss with lazy R1
  (autograd.grad with create_graph) every r1-every-th step, G through the frozen D, then the weight
  average of mapping and synthesis networks.

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
import copy
import json
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

import peer_env

SIDE = {"srgan": 28, "pix2pix": 32, "cyclegan": 28, "lapgan": 32, "stylegan": 32}
CHANNELS = {"srgan": 1, "pix2pix": 3, "cyclegan": 3, "lapgan": 3, "stylegan": 3}
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


def lapgan_networks(channels, side, levels, latent, hidden, filters, average):
    """nn.Lapgan's networks for every level, by LapganGame's checkpoint names."""
    nets = {}
    base = side >> (levels - 1)
    for k in range(levels):
        s = base << k
        if k == 0:
            g = nn.Sequential(nn.Linear(latent, hidden), nn.BatchNorm1d(hidden), nn.ReLU(),
                              nn.Linear(hidden, hidden), nn.BatchNorm1d(hidden), nn.ReLU(),
                              nn.Linear(hidden, channels * s * s), nn.Tanh(),
                              nn.Unflatten(1, (channels, s, s)))
            d = nn.Sequential(nn.Flatten(), nn.Linear(channels * s * s, hidden), nn.LeakyReLU(0.2),
                              nn.Linear(hidden, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, 1))
        else:
            g = nn.Sequential(nn.Conv2d(channels + 1, filters, 5, 1, 2, bias=False), nn.BatchNorm2d(filters),
                              nn.ReLU(), nn.Conv2d(filters, filters, 5, 1, 2, bias=False),
                              nn.BatchNorm2d(filters), nn.ReLU(), nn.Conv2d(filters, channels, 5, 1, 2))
            d = nn.Sequential(nn.Conv2d(channels, filters, 5, 2, 2), nn.LeakyReLU(0.2),
                              nn.Conv2d(filters, 2 * filters, 5, 2, 2), nn.LeakyReLU(0.2), nn.Flatten(),
                              nn.Dropout(0.5), nn.Linear(2 * filters * (s // 4) ** 2, 1))
        nets["generator-%d" % s] = g
        nets["discriminator-%d" % s] = d
        if average > 0:
            avg = copy.deepcopy(g)
            frozen(avg, True)
            nets["generator-%d-ema" % s] = avg
    return nets


GAIN = 2 ** 0.5


def activate(x):
    """StyleGan.activate: LeakyReLU(0.2) times sqrt(2)."""
    return F.leaky_relu(x, 0.2) * GAIN


class EqualLinear(nn.Module):
    """nn.EqualLinear: standard-normal weights / lr_mul, scaled by lr_mul / sqrt(in) per pass."""

    def __init__(self, inp, out, lr_mul=1.0, bias_init=0.0):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out, inp) / lr_mul)
        self.bias = nn.Parameter(torch.full((out,), float(bias_init)))
        self.scale, self.lr_mul = lr_mul / inp ** 0.5, lr_mul

    def forward(self, x):
        return F.linear(x, self.weight * self.scale, self.bias * self.lr_mul)


class EqualConv(nn.Module):
    """nn.EqualConv: stride 1, padding k // 2, weights scaled by 1 / sqrt(in k k) per pass."""

    def __init__(self, inp, out, kernel):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out, inp, kernel, kernel))
        self.bias = nn.Parameter(torch.zeros(out))
        self.scale, self.pad = 1 / (inp * kernel * kernel) ** 0.5, kernel // 2

    def forward(self, x):
        return F.conv2d(x, self.weight * self.scale, self.bias, padding=self.pad)


class StyledLayer(nn.Module):
    """StyleGan.StyledLayer: affine style, ModulatedConv (non-grouped), noise, bias, activation."""

    def __init__(self, style, inp, out, to_rgb):
        super().__init__()
        self.affine = EqualLinear(style, inp, 1.0, 1.0)
        k = 1 if to_rgb else 3
        self.weight = nn.Parameter(torch.randn(out, inp, k, k))
        self.strength = None if to_rgb else nn.Parameter(torch.zeros(out))
        self.bias = nn.Parameter(torch.zeros(out))
        self.scale, self.pad, self.to_rgb = 1 / (inp * k * k) ** 0.5, k // 2, to_rgb

    def forward(self, x, w, noise=None):
        s = self.affine(w)
        weight = self.weight * self.scale
        y = F.conv2d(x * s[:, :, None, None], weight, padding=self.pad)
        if not self.to_rgb:
            norms = (s.square() @ weight.square().sum([2, 3]).t() + 1e-8).sqrt()
            y = y / norms[:, :, None, None]
            y = y + noise * self.strength[None, :, None, None]
        y = y + self.bias[None, :, None, None]
        return y if self.to_rgb else activate(y)


def channels_at(side, width):
    return width if side <= 8 else max(8, width * 8 // side)


class Synthesis(nn.Module):
    """StyleGan.Synthesis: a learned 4x4 constant, bilinear doubling, two styled convs and a toRGB per side."""

    def __init__(self, channels, side, style, width):
        super().__init__()
        self.constant = nn.Parameter(torch.randn(1, width, 4, 4))
        c = channels_at(4, width)
        self.convs = nn.ModuleList([StyledLayer(style, c, c, False)])
        self.rgbs = nn.ModuleList([StyledLayer(style, c, channels, True)])
        s = 8
        while s <= side:
            nxt = channels_at(s, width)
            self.convs.extend([StyledLayer(style, c, nxt, False), StyledLayer(style, nxt, nxt, False)])
            self.rgbs.append(StyledLayer(style, nxt, channels, True))
            c, s = nxt, 2 * s

    def forward(self, ws, noise):
        x = self.constant.expand(ws.shape[0], -1, -1, -1)
        rgb, conv = None, 0
        for r, to_rgb in enumerate(self.rgbs):
            if r > 0:
                x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
            for _ in range(1 if r == 0 else 2):
                x = self.convs[conv](x, ws[:, conv], noise[conv])
                conv += 1
            image = to_rgb(x, ws[:, conv])
            rgb = image if rgb is None else F.interpolate(
                rgb, scale_factor=2, mode="bilinear", align_corners=False) + image
        return rgb


class Activate(nn.Module):
    def forward(self, x):
        return activate(x)


class MinibatchStd(nn.Module):
    """nn.MinibatchStd: one feature, the batch's mean standard deviation."""

    def forward(self, x):
        std = ((x - x.mean(0, keepdim=True)).square().mean(0) + 1e-8).sqrt().mean()
        return torch.cat([x, std.expand(x.shape[0], 1, *x.shape[2:])], 1)


def stylegan_networks(channels, side, latent, style, layers, width):
    """nn.StyleGan's mapping, synthesis and discriminator, and the frozen averages, by StyleGanGame's names."""
    def mapping():
        body = [EqualLinear(latent if i == 0 else style, style, 0.01, 0.0) for i in range(layers)]
        return nn.Sequential(*[m for lin in body for m in (lin, Activate())])

    d = [EqualConv(channels, channels_at(side, width), 1), Activate()]
    s = side
    while s > 4:
        d += [EqualConv(channels_at(s, width), channels_at(s // 2, width), 3), Activate(), nn.AvgPool2d(2)]
        s //= 2
    d += [MinibatchStd(), EqualConv(width + 1, width, 3), Activate(), nn.Flatten(),
          EqualLinear(width * 16, width), Activate(), EqualLinear(width, 1)]
    nets = {"mapping": mapping(), "synthesis": Synthesis(channels, side, style, width),
            "discriminator": nn.Sequential(*d)}
    nets["mapping-ema"] = mapping()
    nets["synthesis-ema"] = Synthesis(channels, side, style, width)
    for name in ("mapping", "synthesis"):
        nets[name + "-ema"].load_state_dict(nets[name].state_dict())
        frozen(nets[name + "-ema"], True)
    return nets


def networks(a):
    """The family's networks by the kit's checkpoint names, in the kit's order."""
    c, side = CHANNELS[a.family], SIDE[a.family]
    if a.family == "lapgan":
        return lapgan_networks(c, side, a.levels, a.latent, a.hidden, a.g_filters, a.average_decay)
    if a.family == "stylegan":
        return stylegan_networks(c, side, a.latent, a.style, a.mapping_layers, a.g_filters)
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


def lapgan_step(a, nets, opts, data):
    """LapganGame.step at the finest level."""
    side = SIDE["lapgan"]
    g, d = nets["generator-%d" % side], nets["discriminator-%d" % side]
    opt_g, opt_d = opts["generator-%d" % side], opts["discriminator-%d" % side]

    def up(x):
        return F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)

    taken = [0]

    def step():
        image = batch_of(data, a.batch)
        condition = up(F.avg_pool2d(image, 2))
        real = image - condition
        noise = torch.randn(a.batch, 1, side, side)
        fake = g(torch.cat([condition, noise], 1))
        d_loss = F.softplus(-d(real + condition)).mean() + F.softplus(d(fake.detach() + condition)).mean()
        d_loss.backward()
        d_value = d_loss.item()
        opt_d.step()
        opt_d.zero_grad()
        frozen(d, True)
        loss = F.softplus(-d(fake + condition)).mean()
        loss.backward()
        frozen(d, False)
        opt_g.step()
        opt_g.zero_grad()
        taken[0] += 1
        if a.average_decay > 0:
            decay = min(a.average_decay, (1 + taken[0]) / (10 + taken[0]))
            with torch.no_grad():
                for avg, cur in zip(nets["generator-%d-ema" % side].parameters(), g.parameters()):
                    avg.mul_(decay).add_(cur, alpha=1 - decay)
        return d_value, loss.item()

    return step


def stylegan_step(a, nets, opts, data):
    """StyleGanGame.step: mixing, logistic loss with lazy R1, G through the frozen D, the averages."""
    mapping, synthesis, d = nets["mapping"], nets["synthesis"], nets["discriminator"]
    side = SIDE["stylegan"]
    layers = 2 * (side.bit_length() - 1) - 2
    sides = [4 << ((i + 1) // 2) for i in range(layers - 1)]
    number = [0]

    def step():
        number[0] += 1
        n = a.batch
        real = batch_of(data, n)
        z1, z2 = torch.randn(n, a.latent), torch.randn(n, a.latent)
        cuts = [1 + random.randrange(layers - 1) if random.random() < a.mixing else layers for _ in range(n)]
        mask = (torch.arange(layers)[None, :] < torch.tensor(cuts)[:, None]).float()[:, :, None]
        w1, w2 = mapping(z1)[:, None], mapping(z2)[:, None]
        ws = w2 + (w1 - w2) * mask
        noise = [torch.randn(n, 1, s, s) for s in sides]
        fake = synthesis(ws, noise)
        regularise = number[0] % a.r1_every == 0
        x = real.detach().requires_grad_(True) if regularise else real
        real_logits = d(x)
        loss_d = F.softplus(-real_logits).mean() + F.softplus(d(fake.detach())).mean()
        total = loss_d
        if regularise:
            grad, = torch.autograd.grad(real_logits.sum(), x, create_graph=True)
            total = loss_d + grad.square().sum([1, 2, 3]).mean() * (a.r1_gamma / 2 * a.r1_every)
        total.backward()
        d_value = loss_d.item()
        opts["discriminator"].step()
        opts["discriminator"].zero_grad()
        frozen(d, True)
        loss_g = F.softplus(-d(fake)).mean()
        loss_g.backward()
        frozen(d, False)
        for name in ("mapping", "synthesis"):
            opts[name].step()
            opts[name].zero_grad()
        half_life = min(a.average_images, 0.05 * number[0] * n)
        decay = 0.5 ** (n / max(half_life, 1e-8))
        with torch.no_grad():
            for name in ("mapping", "synthesis"):
                for avg, cur in zip(nets[name + "-ema"].parameters(), nets[name].parameters()):
                    avg.mul_(decay).add_(cur, alpha=1 - decay)
        return d_value, loss_g.item()

    return step


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--family", choices=sorted(SIDE), required=True)
    ap.add_argument("--scale", type=int, help="srgan: upscaling factor")
    ap.add_argument("--g-filters", type=int, required=True, help="generator filters")
    ap.add_argument("--g-blocks", type=int, help="srgan, cyclegan: residual blocks")
    ap.add_argument("--g-levels", type=int, help="pix2pix: U-Net levels")
    ap.add_argument("--dropout", type=int, choices=(0, 1), default=0, help="pix2pix: U-Net dropout")
    ap.add_argument("--d-filters", type=int, help="discriminator filters")
    ap.add_argument("--d-levels", type=int, help="srgan: discriminator levels")
    ap.add_argument("--dense", type=int, help="srgan: discriminator dense units")
    ap.add_argument("--d-layers", type=int, help="pix2pix, cyclegan: PatchGAN stride-2 layers")
    ap.add_argument("--adversarial-weight", type=float, help="srgan, pix2pix")
    ap.add_argument("--l1-weight", type=float, help="pix2pix")
    ap.add_argument("--cycle-weight", type=float, help="cyclegan")
    ap.add_argument("--identity-weight", type=float, help="cyclegan, relative to the cycle weight")
    ap.add_argument("--pool", type=int, help="cyclegan: image pool size")
    ap.add_argument("--levels", type=int, help="lapgan: pyramid levels")
    ap.add_argument("--latent", type=int, help="lapgan, stylegan: latent size")
    ap.add_argument("--hidden", type=int, help="lapgan: the base MLP's hidden units")
    ap.add_argument("--style", type=int, help="stylegan: style size")
    ap.add_argument("--mapping-layers", type=int, help="stylegan: mapping network layers")
    ap.add_argument("--mixing", type=float, help="stylegan: style-mixing probability")
    ap.add_argument("--r1-gamma", type=float, help="stylegan: R1 weight")
    ap.add_argument("--r1-every", type=int, help="stylegan: R1 interval in steps")
    ap.add_argument("--average-images", type=float, help="stylegan: the weight average's half-life")
    ap.add_argument("--average-decay", type=float, help="lapgan: the weight average's decay (0: none)")
    ap.add_argument("--lr", type=float, required=True)
    ap.add_argument("--beta1", type=float, required=True)
    ap.add_argument("--beta2", type=float, default=0.999)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    ap.add_argument("--count", action="store_true", help="print trainable parameter counts and exit")
    a = ap.parse_args()
    needed = {"srgan": ("scale", "g_blocks", "d_filters", "d_levels", "dense", "adversarial_weight"),
              "pix2pix": ("g_levels", "d_filters", "d_layers", "adversarial_weight", "l1_weight"),
              "cyclegan": ("g_blocks", "d_filters", "d_layers", "cycle_weight", "identity_weight", "pool"),
              "lapgan": ("levels", "latent", "hidden", "average_decay"),
              "stylegan": ("latent", "style", "mapping_layers", "mixing", "r1_gamma", "r1_every",
                           "average_images")}[a.family]
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
            for name, net in nets.items() if not name.endswith("-ema")}
    if a.family == "stylegan" and a.r1_gamma > 0:
        # lazy regularisation: D's Adam at rate and betas to the power 16/17, as StyleGanGame
        c = a.r1_every / (a.r1_every + 1)
        opts["discriminator"] = torch.optim.Adam(nets["discriminator"].parameters(), lr=a.lr * c,
                                                 betas=(a.beta1 ** c, a.beta2 ** c), eps=1e-8)
    shape = (IMAGES, CHANNELS[a.family], SIDE[a.family], SIDE[a.family])
    if a.family == "srgan":
        step = srgan_step(a, nets, opts, torch.randint(0, 256, shape, dtype=torch.uint8))
    elif a.family == "pix2pix":
        step = pix2pix_step(a, nets, opts, torch.randint(0, 256, shape, dtype=torch.uint8))
    elif a.family == "lapgan":
        step = lapgan_step(a, nets, opts, torch.randint(0, 256, shape, dtype=torch.uint8))
    elif a.family == "stylegan":
        step = stylegan_step(a, nets, opts, torch.randint(0, 256, shape, dtype=torch.uint8))
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
