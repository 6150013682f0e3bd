"""The balance-sheet replay of issue 14, run by scripts/balance_replay: the model's cash and debt
rule driven by realized flows, against the reported balances (docs/balance-replay.md).

data.py reads scenarios/data/ into one yearly series per company (Microsoft on its fiscal or
its calendar basis), model.py holds the formulas of one year and the replay of a window,
other_flows.py measures what the surplus does not explain, table.py prints Markdown tables and
cli.py is the command line. Only the Python standard library.
"""
