"""Figures of paper ``coop`` (000)."""
