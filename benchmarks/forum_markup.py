"""What a hostile post costs to render, against an ordinary one of the same size.

    .venv/bin/python benchmarks/forum_markup.py [--kilobytes 16]

A post's preview renders its Markdown without saving anything and is open to
every signed-in resident, so the cost of rendering must follow the text's
length whatever the text holds. For each shape of text below, of the same
size, the script times the portal's renderer (plugins.forum.markup.render)
and, for comparison, the forum engine's own Markdown library with the
options the portal used before. The baseline is ordinary prose of the same
size through the portal's renderer; every figure is printed as a multiple of
it, which stays comparable between machines. Results: docs/performance.md.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402 -- settings first

django.setup()

import markdown2  # noqa: E402
import nh3  # noqa: E402

from plugins.forum.markup import render  # noqa: E402

SHAPES = {
    "ordinary prose": "Коли дадуть **гарячу воду** на Соборній? Дякую. ",
    "unclosed links": "[a](",
    "open brackets": "[",
    "nested emphasis": "*a **b ",
    "nested quotes": "> ",
}


def sized(unit, kilobytes):
    size = kilobytes * 1024
    return (unit * (size // len(unit) + 1))[:size]


def engine_render(text):
    html = markdown2.markdown(
        text, safe_mode="escape", extras={"break-on-newline": True}
    )
    return nh3.clean(html)


def timed(function, text):
    """Seconds ``function`` takes over ``text``; None when it fails outright."""
    started = time.perf_counter()
    try:
        function(text)
    except RecursionError:
        return None
    return time.perf_counter() - started


def ratio(seconds, baseline):
    return "fails (recursion)" if seconds is None else f"{seconds / baseline:.1f}×"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilobytes", type=int, default=16)
    size = parser.parse_args().kilobytes

    baseline = min(
        timed(render, sized(SHAPES["ordinary prose"], size)) for _ in range(5)
    )
    print(
        f"{size} KB of text; baseline (ordinary prose, portal): {baseline * 1000:.1f} ms"
    )
    print(f"{'text':<18}{'portal':>12}{'engine library':>20}")
    for name, unit in SHAPES.items():
        text = sized(unit, size)
        portal = ratio(timed(render, text), baseline)
        # The engine's library needs minutes past 16 KB of some shapes.
        engine = ratio(timed(engine_render, text), baseline) if size <= 16 else "-"
        print(f"{name:<18}{portal:>12}{engine:>20}")


if __name__ == "__main__":
    main()
