"""Markdown pipe tables, padded so that they also read in a terminal; numbers as text."""
import math


def money(value):
    """USD billions to the data's precision (0.001); an em dash where absent."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def percent(value, digits=1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{100 * value:.{digits}f}%"
    return text[1:] if text.startswith("-") and float(text[1:-1]) == 0 else text


def flags(values):
    return "".join(sorted(values)) or ""


def markdown(headers, rows):
    """The table as lines: a header row, a rule (right-aligned but the first column), rows."""
    cells = [list(headers)] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row):
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                 for i, (c, w) in enumerate(zip(row, widths))) + " |"

    rule = "|" + "|".join(("-" * (w + 2)) if i == 0 else ("-" * (w + 1) + ":")
                          for i, w in enumerate(widths)) + "|"
    return [line(cells[0]), rule] + [line(r) for r in cells[1:]]
