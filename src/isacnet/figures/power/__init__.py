"""Figures of paper ``power`` (003): fig. 2(a) PoD vs budget, 2(b) sum rate vs budget, 2(c) sum rate vs xi_S."""
