"""Figures of paper ``coop`` (000): each module draws the stored Dataset of an experiment of
:mod:`isacnet.experiments.coop`."""
