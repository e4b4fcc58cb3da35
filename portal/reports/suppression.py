"""Figures as they may leave the portal: a count from 1 to `under - 1` is shown as "fewer
than `under`" (8 unless a staff admin sets more), and every other count is rounded to the
nearest 5.

Rounding alone does not stop a reader recovering a hidden count by subtraction: when the total
and the other parts all sit at the edges of what their rounded values allow, the hidden count
can be pinned to one value. So each figure is checked as a reader would work on it, from the
total shown and from every other figure that adds up to the same whole; while a hidden count
could still be worked out, the total is kept back, and then the smallest count still shown in
that figure, until none can be. A figure worked out from fewer than `under` people (a median,
a share) is kept back."""

from portal import policy

ROUND_TO = 5
KEPT_BACK = "kept back"
UNKNOWN = 10**9  # the most a kept back count could be, as far as a reader knows


def under() -> int:
    return policy.value("SMALL_NUMBERS_UNDER")


def count(n: int, small: int | None = None) -> str:
    """A count as it may be shown outside the portal, on its own."""
    small = small or under()
    if n == 0:
        return "0"
    if n < small:
        return f"fewer than {small}"
    return str(max(small, ROUND_TO * round(n / ROUND_TO)))


def statistic(value: int | None, based_on: int, unit: str) -> str:
    """A median or a share, kept back when it speaks of fewer than `under` people."""
    if value is None:
        return "none"
    if based_on < under():
        return KEPT_BACK
    return f"{value}%" if unit == "%" else str(value)


def _between(shown: str, small: int) -> tuple[int, int]:
    """The lowest and highest count a value shown outside the portal could stand for."""
    if shown == "0":
        return 0, 0
    if shown.startswith("fewer than"):
        return 1, small - 1
    if shown == KEPT_BACK:
        return small, UNKNOWN
    n = int(shown)
    return max(small, n - ROUND_TO // 2), n + ROUND_TO // 2


def _sum(ranges: list[tuple[int, int]]) -> tuple[int, int]:
    return sum(r[0] for r in ranges), sum(r[1] for r in ranges)


def _leaks(figures: list[list[str]], total: str, small: int) -> int | None:
    """The first figure with a hidden count a reader could work out exactly from the total and
    the figure's other parts; None if there is none."""
    ranges = [[_between(v, small) for v in shown] for shown in figures]
    for f, shown in enumerate(figures):
        low, high = _between(total, small)
        for g, other in enumerate(ranges):
            if g != f:  # another figure of the same whole narrows it down
                other_low, other_high = _sum(other)
                low, high = max(low, other_low), min(high, other_high)
        for i, value in enumerate(shown):
            if not value.startswith("fewer than"):
                continue
            rest_low, rest_high = _sum(ranges[f][:i] + ranges[f][i + 1 :])
            could_be = range(max(1, low - rest_high), min(small - 1, high - rest_low) + 1)
            if len(could_be) < 2:
                return f
    return None


def protect(figures: list[list[int]]) -> tuple[list[list[str]], str]:
    """Figures whose parts each add up to the same whole, and that whole, as they may leave
    the portal: small counts hidden, the rest rounded, and more counts kept back where a
    hidden one could otherwise be worked out."""
    small = under()
    shown = [[count(n, small) for n in parts] for parts in figures]
    total = count(sum(figures[0]) if figures else 0, small)
    while (f := _leaks(shown, total, small)) is not None:
        if total.isdigit() and total != "0":
            total = KEPT_BACK
            continue
        still = [i for i, v in enumerate(shown[f]) if v.isdigit() and v != "0"]
        if not still:
            break  # every count of the figure is hidden already
        smallest = min(still, key=lambda i: figures[f][i])
        shown[f][smallest] = KEPT_BACK
    return shown, total
