"""Closed-form analysis, one module per paper key (``coop``, ``nulling``, ``overview``, ``power``, ``deploy``)."""
