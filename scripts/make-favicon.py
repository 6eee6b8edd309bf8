#!/usr/bin/env python3
"""Writes static/favicon.ico: the shapes of static/favicon.svg (a red square with a white page and
three red lines) drawn at 16, 32 and 48 px, each a PNG inside one ICO file, for browsers and tools
that ask for /favicon.ico. Run it again after changing the SVG's shapes here too.

Usage: python3 scripts/make-favicon.py [OUT]   (default: static/favicon.ico beside this script)
"""
import os
import struct
import sys
import zlib

RED = (0xA8, 0x17, 0x1D)
WHITE = (0xFF, 0xFF, 0xFF)
# (x, y, width, height, corner radius, colour) in the SVG's 32-unit box, back to front.
SHAPES = [
    (0, 0, 32, 32, 5, RED),
    (8, 5, 16, 22, 1.5, WHITE),
    (11, 9, 10, 2.5, 0, RED),
    (11, 14.5, 10, 2, 0, RED),
    (11, 19.5, 7, 2, 0, RED),
]
SAMPLES = 4  # per axis, for smooth edges


def inside(px, py, shape):
    x, y, w, h, r, _ = shape
    if not (x <= px < x + w and y <= py < y + h):
        return False
    # Rounded corners: outside the corner's circle is outside the shape.
    cx = min(max(px, x + r), x + w - r)
    cy = min(max(py, y + r), y + h - r)
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r


def pixel(size, col, row):
    rgba = [0.0, 0.0, 0.0, 0.0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            px = (col + (sx + 0.5) / SAMPLES) * 32 / size
            py = (row + (sy + 0.5) / SAMPLES) * 32 / size
            colour = None
            for shape in SHAPES:
                if inside(px, py, shape):
                    colour = shape[5]
            if colour:
                for i in range(3):
                    rgba[i] += colour[i]
                rgba[3] += 255
    n = SAMPLES * SAMPLES
    alpha = rgba[3] / n
    if alpha == 0:
        return (0, 0, 0, 0)
    covered = rgba[3] / 255
    return tuple(round(c / covered) for c in rgba[:3]) + (round(alpha),)


def png(size):
    rows = b"".join(
        b"\0" + bytes(v for col in range(size) for v in pixel(size, col, row))
        for row in range(size)
    )

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def ico(sizes):
    images = [png(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "static", "favicon.ico")
    with open(target, "wb") as f:
        f.write(ico([16, 32, 48]))
