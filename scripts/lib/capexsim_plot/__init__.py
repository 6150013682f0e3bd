"""Figures from capexsim HDF5 files (results, sweep, Sobol, evaluation), drawn by scripts/plot.

One module per figure (fan, histogram, first_negative, tornado, sweep, evaluation, and from
/balance net_cash, first_net_debt, prob_net_debt); source.py reads and checks the file, figure.py
holds what every figure shares (titles, units, atomic saving), fan.py and first_year.py the
drawing the surplus and balance figures share, balance.py what the balance figures read besides
their datasets, and cli.py is the command line. Only Debian's python3-matplotlib, python3-h5py
and python3-numpy.
"""
