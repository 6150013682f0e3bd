"""Figures from capexsim HDF5 files (results, sweep and Sobol files), drawn by scripts/plot.

One module per figure (fan, histogram, first_negative, tornado, sweep); source.py reads and
checks the file, figure.py holds what every figure shares (titles, units, atomic saving) and
cli.py is the command line. Only Debian's python3-matplotlib, python3-h5py and python3-numpy.
"""
