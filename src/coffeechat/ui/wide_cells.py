"""Wide characters (Chinese, Japanese, Korean, most emoji) kept whole under layers.

Textual draws each line of the screen in pieces cut at the edges of every
widget on that line, hidden ones included, and a character two cells wide that
straddles such a cut is drawn as two spaces. So a toast over the Network table
read "Added 王    ." for 王小明: the table's edges under the toast cut the name
(Textualize/textual#6357, still open in 8.2.8). Here such a cut is not made
where the same widget shows on both sides of it, so a wide character is split
only by the edge of whatever covers it, as it must be. And when only part of
the screen is drawn again (the table under a toast changed), a piece is cut
where that part ends only between characters: one cell more is drawn, as it is.

``install()`` puts the replacements on Textual's compositor; it does nothing on
a Textual whose compositor is not the one these were written for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.cells import cell_len, get_character_cell_size
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

EMPTY = Strip([], 0)


def render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip]]:
    """As Textual's, but a cut inside a wide character, between two pieces the
    same widget shows, is not made: the first piece takes the character whole
    and the second is left empty (a line of narrow text is cut as before)."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            skipped: list[int] = []
            if len(final_cuts) > 2 and len(strip.text) != strip.cell_length:
                kept = [final_cuts[0]]
                for cut in final_cuts[1:-1]:
                    offset = cut - render_x
                    if (chops_line.get(kept[-1]) is None and chops_line.get(cut) is None
                            and whole_end(strip, offset) != offset):
                        skipped.append(cut)
                    else:
                        kept.append(cut)
                final_cuts = [*kept, final_cuts[-1]]
            cut_strips = strip.divide([cut - render_x for cut in final_cuts[1:]])
            # Painting front to back: the first piece for a cut wins.
            for cut, piece in zip(final_cuts, cut_strips, strict=False):
                if chops_line.get(cut) is None:
                    chops_line[cut] = piece
            for cut in skipped:
                chops_line[cut] = EMPTY
    return chops  # type: ignore[return-value]  # every piece is filled by now


def whole_end(strip: Strip, end: int) -> int:
    """``end``, or one cell more when a wide character of ``strip`` begins just
    before it: where to cut ``strip`` without splitting a character."""
    at = 0
    for segment in strip:
        size = cell_len(segment.text)
        if at + size <= end:
            at += size
            continue
        for character in segment.text:
            width = get_character_cell_size(character)
            if at + width > end:
                return at + width if at < end else at
            at += width
    return end


def render_segments(self: ChopsUpdate, console: Console) -> str:
    """As Textual's, but a piece cut where the part drawn again ends keeps its
    last character whole."""
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    last_y = self.spans[-1][0]
    for y, x1, x2 in self.spans:
        line = self.chops[y]
        ends = self.chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or x > x2 or end <= x1:
                continue
            if not (x2 > x >= x1 and end <= x2):
                strip = strip.crop(0, whole_end(strip, min(end, x2) - x))
            append(move_to(x, y).segment.text)
            append(strip.render(console))
        if y != last_y:
            append("\n")
    return "".join(sequences)


def install() -> None:
    """Replace the compositor's cuts and chops, if it is the one expected."""
    if not (hasattr(Compositor, "_render_chops") and hasattr(Compositor, "_get_renders")
            and hasattr(ChopsUpdate, "render_segments")):
        return
    setattr(Compositor, "_render_chops", render_chops)  # noqa: B010
    setattr(ChopsUpdate, "render_segments", render_segments)  # noqa: B010
