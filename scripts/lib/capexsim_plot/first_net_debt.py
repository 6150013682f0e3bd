"""Bar chart of the first year of net debt (net cash < 0), with a "never" bar, as shares of
paths per entity, from /balance/first_net_debt_counts and /balance/never_net_debt_counts."""
from .first_year import bars, shares


def plot(source, entities):
    all_entities, years, values = shares(source, "balance", "first_net_debt_counts",
                                         "never_net_debt_counts")
    fig = bars(source, "First year of net debt (year-end cash < debt)",
               "first year with net cash < 0 (never: net cash >= 0 in every year)", entities,
               all_entities, years, values)
    return [("first-net-debt", fig)]
