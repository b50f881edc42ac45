"""Draws IgaBot's Teams icons (a shield with a keyhole) with the standard library only.

color.png: 192x192, white shield on the accent colour. outline.png: 32x32, white outline on
transparent, as Teams asks. Run from this folder: python3 make-icons.py
"""
import struct
import zlib

ACCENT = (0x1F, 0x5F, 0x8B)
SAMPLES = 4  # supersampling per axis, for smooth edges


def cubic(p0, p1, p2, p3, steps=24):
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        yield (u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
               u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1])


def shield(size, inset=0.0):
    """The shield outline as a polygon, in a size x size box (drawn on a 192 grid, then scaled)."""
    s = size / 192
    i = inset / s
    top, left, right, shoulder, waist, tip = 38 + i, 50 + i, 142 - i, 55 + i, 96, 156 - i
    pts = [(96, top), (right, shoulder), (right, waist)]
    pts += cubic((right, waist), (right, 126 - i / 2), (121 - i / 2, 146 - i), (96, tip))
    pts += cubic((96, tip), (71 + i / 2, 146 - i), (left, 126 - i / 2), (left, waist))
    pts += [(left, shoulder)]
    return [(x * s, y * s) for x, y in pts]


def inside(poly, x, y):
    hit = False
    j = len(poly) - 1
    for k in range(len(poly)):
        xi, yi = poly[k]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = k
    return hit


def keyhole(size):
    s = size / 192
    cx, cy, r = 96 * s, 88 * s, 14 * s
    stem = [(89 * s, 96 * s), (103 * s, 96 * s), (108 * s, 128 * s), (84 * s, 128 * s)]
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r or inside(stem, x, y)


def coverage(size, shape):
    """Share of each pixel covered by shape(x, y), supersampled."""
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            hits = sum(shape(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
                       for sy in range(SAMPLES) for sx in range(SAMPLES))
            row.append(hits / SAMPLES**2)
        rows.append(row)
    return rows


def write_png(path, size, pixels):
    """pixels: rows of (r, g, b, a) tuples; written as 8-bit RGBA."""
    raw = b"".join(b"\x00" + b"".join(struct.pack("4B", *p) for p in row) for row in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def color_icon():
    size = 192
    body, hole = shield(size), keyhole(size)
    cover = coverage(size, lambda x, y: inside(body, x, y) and not hole(x, y))
    mix = lambda c, a: round(c + (255 - c) * a)
    return size, [[(mix(ACCENT[0], a), mix(ACCENT[1], a), mix(ACCENT[2], a), 255) for a in row] for row in cover]


def outline_icon():
    size = 32
    outer, inner, hole = shield(size), shield(size, inset=2.2), keyhole(size)
    cover = coverage(size, lambda x, y: (inside(outer, x, y) and not inside(inner, x, y)) or hole(x, y))
    return size, [[(255, 255, 255, round(255 * a)) for a in row] for row in cover]


if __name__ == "__main__":
    write_png("color.png", *color_icon())
    write_png("outline.png", *outline_icon())
