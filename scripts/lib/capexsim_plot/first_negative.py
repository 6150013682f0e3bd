"""Bar chart of the first year the surplus turns negative, with a "never" bar, as shares of
paths per entity, from /summary/first_negative_counts and /summary/never_negative_counts."""
from .first_year import bars, shares


def plot(source, entities):
    all_entities, years, values = shares(source, "summary", "first_negative_counts",
                                         "never_negative_counts")
    fig = bars(source, "First year the surplus turns negative",
               "first year with surplus < 0 (never: surplus >= 0 in every year)", entities,
               all_entities, years, values)
    return [("first-negative", fig)]
