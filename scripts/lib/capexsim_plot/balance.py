"""The /balance group of a results file (scenarios with `financing`): whether the file has it,
and the base year's net cash per entity from the scenario text stored in the file."""
import tomllib

import h5py


def available(source):
    """None when the results file has a /balance group, else why not (for the note)."""
    if isinstance(source.file.get("balance"), h5py.Group):
        return None
    return "no /balance group (the scenario has no financing)"


def base_net_cash(source, entities):
    """(base year, {entity: cash - debt}) of the base year, from the root attribute
    scenario_toml (the scenario as run, after --set): each company's base.cash - base.debt and
    the total their sum; None when the text is absent or does not give them for `entities`."""
    text = source.attr("scenario_toml", "")
    if not text:
        return None
    try:
        scenario = tomllib.loads(text)
        year = int(scenario["simulation"]["base_year"])
        values = {company["name"]: float(company["base"]["cash"]) - float(company["base"]["debt"])
                  for company in scenario["company"]}
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        return None
    if "total" not in values:
        values["total"] = sum(values.values())
    if sorted(values) != sorted(entities):
        return None
    return year, values
