#!/usr/bin/env python3
"""Writes src/test/resources/io/gankit/metrics/image-quality-reference.json: PSNR and SSIM of fixed
image pairs by scikit-image, the reference the kit's metrics.ImageQuality is tested against.

The images are formulas (no random numbers, so Java builds the same ones; ImageQualityTest repeats
them), values in [0, 1], channels first. SSIM as Wang et al. 2004: an 11 x 11 Gaussian window of
sigma 1.5, K1 = 0.01, K2 = 0.03, population covariances, the mean over the pixels whose window lies
inside the image, averaged over channels:
  structural_similarity(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                        data_range=1, channel_axis=0)
Made with Debian's python3-skimage 0.19.3 (/usr/bin/python3 scripts/make-ssim-reference.py).
"""
import json
import math
import os

import numpy as np
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity


def colour_pair():
    c, h, w = 3, 32, 32
    x = np.zeros((c, h, w))
    y = np.zeros((c, h, w))
    for k in range(c):
        for i in range(h):
            for j in range(w):
                x[k, i, j] = 0.5 + 0.35 * math.sin(0.37 * i + 0.23 * j + 1.1 * k)
                y[k, i, j] = min(1.0, max(0.0, x[k, i, j] + 0.15 * math.sin(2.1 * i * j + 0.7 * k)))
    return x, y


def grey_pair():
    h, w = 28, 28
    x = np.zeros((1, h, w))
    y = np.zeros((1, h, w))
    for i in range(h):
        for j in range(w):
            x[0, i, j] = ((i * 7 + j * 13) % 17) / 16.0
    for i in range(h):
        for j in range(w):
            y[0, i, j] = x[0, i, min(j + 1, w - 1)]
    return x, y


def main():
    out = {"skimage": skimage.__version__, "pairs": {}}
    for name, (x, y) in {"colour": colour_pair(), "grey": grey_pair()}.items():
        out["pairs"][name] = {
            "psnr": peak_signal_noise_ratio(x, y, data_range=1),
            "ssim": structural_similarity(x, y, gaussian_weights=True, sigma=1.5,
                                          use_sample_covariance=False, data_range=1, channel_axis=0),
        }
    path = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "gankit",
                        "metrics", "image-quality-reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
