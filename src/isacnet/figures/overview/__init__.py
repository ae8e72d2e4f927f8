"""Figures of paper ``overview`` (002)."""
