"""Figures of paper ``nulling`` (001): nulling-fig4 … fig12 (experiments: :mod:`isacnet.experiments.nulling`)."""
