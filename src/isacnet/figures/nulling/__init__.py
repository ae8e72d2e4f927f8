"""Figures of paper ``nulling`` (001): nulling-fig4 … nulling-fig12."""
