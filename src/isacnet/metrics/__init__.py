"""Metrics: pure functions on arrays (SIR, rate, FIM/CRLB, detection)."""
