"""Charts drawn on the server as SVG, so they need no JavaScript: each names itself and says
every number in words (its title and description), and the table of numbers sits beside it.
They scale with the page, and take the system's colours in high contrast mode (portal.css)."""

from markupsafe import Markup

from portal.reports.figures import COLOURS, Figure

ROW = 36  # the height of each bar's row
LABEL = 200  # the width given to the labels
FONT = 18
BAR_COLOURS = {label: f"app-chart__bar--{code}" for code, label in COLOURS.items()}


def _words(figure: Figure) -> str:
    return "; ".join(f"{label}: {n}" for label, n in figure.rows) + "."


def _shorten(text: str, most: int = 18) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _svg(chart_id: str, figure: Figure, kind: str, size: tuple[int, int],
         body: list[Markup]) -> Markup:  # fmt: skip
    return Markup(
        '<svg class="app-chart app-chart--{kind}" id="{id}" viewBox="0 0 {width} {height}" '
        'role="img" aria-labelledby="{id}-title {id}-desc" focusable="false" '
        'font-size="{font}"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{words}</desc>{body}</svg>'
    ).format(kind=kind, id=chart_id, width=size[0], height=size[1], font=FONT,
             title=figure.title, words=_words(figure), body=Markup("").join(body))  # fmt: skip


def bars(chart_id: str, figure: Figure) -> Markup:
    """One bar across for each row, the longest as long as the space allows."""
    width = 480
    most = max((n for _, n in figure.rows), default=0) or 1
    space = width - LABEL - 60
    body = []
    for i, (label, n) in enumerate(figure.rows):
        y = i * ROW
        length = round(space * n / most)
        body.append(Markup(
            '<text class="app-chart__text" x="0" y="{text_y}">{label}</text>'
            '<rect class="app-chart__bar {colour}" x="{x}" y="{bar_y}" width="{length}" '
            'height="{tall}"></rect>'
            '<text class="app-chart__text" x="{after}" y="{text_y}">{n}</text>'
        ).format(text_y=y + 24, label=_shorten(label), colour=BAR_COLOURS.get(label, ""),
                 x=LABEL, bar_y=y + 6, length=length, tall=ROW - 12,
                 after=LABEL + length + 8, n=n))  # fmt: skip
    return _svg(chart_id, figure, "bars", (width, max(ROW * len(figure.rows), ROW)), body)


def columns(chart_id: str, figure: Figure) -> Markup:
    """A column for each month, oldest first; each month's count above it, and the year under
    the first month and each January."""
    width, height, top, base = 600, 300, 30, 240
    most = max((n for _, n in figure.rows), default=0) or 1
    step = width // max(len(figure.rows), 1)
    body = [Markup('<line class="app-chart__axis" x1="0" x2="{width}" y1="{base}" y2="{base}">'
                   "</line>").format(width=width, base=base)]  # fmt: skip
    for i, (label, n) in enumerate(figure.rows):
        month, _, year = label.partition(" ")
        tall = round((base - top) * n / most)
        x = i * step + 8
        middle = x + (step - 16) // 2
        body.append(Markup(
            '<rect class="app-chart__bar" x="{x}" y="{bar_y}" width="{wide}" height="{tall}">'
            '</rect><text class="app-chart__text" x="{middle}" y="{n_y}" '
            'text-anchor="middle">{n}</text><text class="app-chart__text" x="{middle}" '
            'y="{month_y}" text-anchor="middle">{month}</text>'
        ).format(x=x, bar_y=base - tall, wide=step - 16, tall=tall, middle=middle,
                 n_y=base - tall - 8, n=n, month_y=base + 24, month=month))  # fmt: skip
        if i == 0 or month == "Jan":
            body.append(Markup('<text class="app-chart__text" x="{middle}" y="{y}" '
                               'text-anchor="middle">{year}</text>')
                        .format(middle=middle, y=base + 48, year=year))  # fmt: skip
    return _svg(chart_id, figure, "columns", (width, height), body)
