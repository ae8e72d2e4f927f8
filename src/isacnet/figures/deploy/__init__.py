"""Figures of paper ``deploy`` (004): 3-D BS deployment for area-wide sensing coverage."""
