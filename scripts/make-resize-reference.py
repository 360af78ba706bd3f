#!/usr/bin/env python3
"""Writes src/test/resources/io/gankit/data/bicubic-reference.json: Pillow's bicubic resize of fixed
planes in its float mode ("F"), the reference of the kit's data.Resample (ResampleTest builds the same
planes from the same formulas). Made with Debian's python3-pil 9.4.0
(/usr/bin/python3 scripts/make-resize-reference.py).
"""
import json
import os

import PIL
from PIL import Image


def plane(h, w):
    """A texture with edges and gradients, values 0..255."""
    return [[float((i * 37 + j * 11 + (i * j) % 7 * 20) % 256) for j in range(w)] for i in range(h)]


def resized(values, out_h, out_w):
    h, w = len(values), len(values[0])
    im = Image.new("F", (w, h))
    im.putdata([v for row in values for v in row])
    small = im.resize((out_w, out_h), Image.BICUBIC)
    return list(small.getdata())


def main():
    cases = [(32, 32, 8, 8), (28, 28, 7, 7), (12, 10, 3, 5), (8, 8, 32, 32), (7, 9, 14, 18)]
    out = {"pillow": PIL.__version__, "cases": []}
    for h, w, oh, ow in cases:
        out["cases"].append({"height": h, "width": w, "outHeight": oh, "outWidth": ow,
                             "values": resized(plane(h, w), oh, ow)})
    path = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "io", "gankit",
                        "data", "bicubic-reference.json")
    with open(path, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print(path, [len(c["values"]) for c in out["cases"]])


if __name__ == "__main__":
    main()
