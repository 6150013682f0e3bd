"""Net-cash fan: year-end cash - debt of one entity by year, P5-P95 and P25-P75 bands, median,
mean, zero, P(net debt) under each year and the base year's net cash, from
/balance/net_cash_quantiles, /balance/net_cash_mean and /balance/prob_net_debt (fan.draw)."""
import numpy as np

from . import fan
from .balance import base_net_cash


def plot(source, entities):
    """One figure per entity: a list of (suffix, figure)."""
    all_entities = source.coordinate("balance", "entity")
    years = np.asarray(source.coordinate("balance", "year")).astype(int)
    levels = np.asarray(source.coordinate("balance", "quantile"), dtype=float)
    e_all, t = len(all_entities), len(years)
    quantiles = source.array("balance/net_cash_quantiles", (e_all, t, len(levels)))
    mean = source.array("balance/net_cash_mean", (e_all, t))
    prob = (source.array("balance/prob_net_debt", (e_all, t))
            if source.has("balance/prob_net_debt") else None)
    bands = fan.bands(source, "balance/quantile", quantiles, levels)
    base = base_net_cash(source, all_entities)
    figures = []
    for name in entities:
        e = all_entities.index(name)
        fig = fan.draw(source, f"Net cash (cash - debt) of {name} by year: distribution over "
                       "paths", years,
                       {level: band[e] for level, band in bands.items()}, mean[e],
                       None if prob is None else prob[e], "net cash",
                       None if base is None else (base[0], base[1][name]))
        figures.append((f"net-cash_{name}", fig))
    return figures
