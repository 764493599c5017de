"""The mark at the centre of a payment QR code: the hryvnia sign in a white
circle, which the NBU rules in force from 1 November 2025 require on codes of
formats 002 and 003 so that a payer knows any bank's app will read them.

The circle spans about 30 % of the symbol's width (17 modules at version 10
and 25 at version 17, the ends of the rules' table) and the sign fits a circle
four modules narrower; the error correction the code is made with restores the
modules the circle hides. The sign is drawn from the same strokes into the PNG
of the PDF bill and the SVG of its print page, with no font needed.
"""

import math
from dataclasses import dataclass

from PIL import ImageDraw

# Share of the symbol's width (border excluded) the white circle spans.
CIRCLE_SHARE = 0.3
# The sign keeps this many modules clear of the circle's edge, in diameter.
SIGN_MARGIN = 4
# The sign drawn in a unit square, y downwards: an S turned left to right with
# two bars across it. Curves are cubic Béziers; widths are shares of the square.
SIGN_CURVES = [
    ((0.27, 0.31), (0.27, 0.12), (0.75, 0.10), (0.74, 0.31)),
    ((0.74, 0.31), (0.73, 0.47), (0.27, 0.51), (0.26, 0.70)),
    ((0.26, 0.70), (0.25, 0.92), (0.71, 0.93), (0.76, 0.73)),
]
SIGN_BARS = [((0.16, 0.42), (0.84, 0.42)), ((0.16, 0.58), (0.84, 0.58))]
SIGN_STROKE = 0.085
CURVE_STEPS = 24


@dataclass(frozen=True)
class Mark:
    """Where the mark sits, in modules from the image's top left corner."""

    centre: float
    diameter: int

    @property
    def radius(self):
        return self.diameter / 2

    @property
    def sign_side(self):
        """The side of the square the sign is drawn in: its corners lie on a
        circle ``SIGN_MARGIN`` modules narrower than the white one."""
        return (self.diameter - SIGN_MARGIN) / math.sqrt(2)

    @property
    def sign_origin(self):
        return self.centre - self.sign_side / 2


def mark_for(symbol_size, border):
    """The mark of a symbol ``symbol_size`` modules wide drawn with ``border``
    modules of quiet zone; an odd diameter keeps it centred on a module."""
    diameter = math.floor(symbol_size * CIRCLE_SHARE)
    if diameter % 2 == 0:
        diameter -= 1
    return Mark(centre=border + symbol_size / 2, diameter=diameter)


def svg_fragment(mark):
    """The circle and the sign as SVG elements in module units, to be placed
    over the code's modules."""
    scale = mark.sign_side
    move = f"translate({fmt(mark.sign_origin)} {fmt(mark.sign_origin)})"
    first = SIGN_CURVES[0][0]
    path = f"M{fmt(first[0])} {fmt(first[1])}" + "".join(
        "C" + " ".join(f"{fmt(x)} {fmt(y)}" for x, y in curve[1:])
        for curve in SIGN_CURVES
    )
    bars = "".join(f"M{fmt(a[0])} {fmt(a[1])}H{fmt(b[0])}" for a, b in SIGN_BARS)
    return (
        f'<g class="qr-mark"><circle cx="{fmt(mark.centre)}" cy="{fmt(mark.centre)}"'
        f' r="{fmt(mark.radius)}" fill="#fff"/>'
        f'<path class="hryvnia-sign" transform="{move} scale({fmt(scale)})"'
        f' d="{path}{bars}" fill="none" stroke="#000"'
        f' stroke-width="{SIGN_STROKE}" stroke-linecap="round"/></g>'
    )


def fmt(number):
    return f"{number:.3f}".rstrip("0").rstrip(".")


def draw(image, mark, scale):
    """Draw the mark onto a Pillow ``image`` of a code ``scale`` pixels a
    module."""
    canvas = ImageDraw.Draw(image)
    centre, radius = mark.centre * scale, mark.radius * scale
    # Pillow's box includes its last pixel: end one short to span 2 × radius.
    low, high = centre - radius, centre + radius - 1
    canvas.ellipse([low, low, high, high], fill="white")

    side = mark.sign_side * scale
    origin = mark.sign_origin * scale
    width = max(round(SIGN_STROKE * side), 1)

    def at(point):
        return (origin + point[0] * side, origin + point[1] * side)

    stroke = [at(point) for curve in SIGN_CURVES for point in bezier(curve)]
    canvas.line(stroke, fill="black", width=width, joint="curve")
    for start, end in SIGN_BARS:
        canvas.line([at(start), at(end)], fill="black", width=width)
    # Round ends, as the SVG's stroke-linecap draws them.
    for x, y in (stroke[0], stroke[-1]):
        half = width / 2
        canvas.ellipse([x - half, y - half, x + half, y + half], fill="black")


def bezier(curve, steps=CURVE_STEPS):
    """Points along a cubic Bézier curve, both ends included."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    points = []
    for step in range(steps + 1):
        t = step / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        points.append(
            (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)
        )
    return points
