"""Figures of paper ``overview`` (002): case studies re-using the models of 000 and 001."""
