"""Experiments of paper ``coop`` (000): parameter models (subclasses of
:class:`isacnet.models.coop.CoopModel`) and the closed forms, Monte Carlo trials and optimisers
behind coop-fig3..10 and overview-fig4.

* :mod:`.gdop` — ``coop.gdop`` (Fig. 3);
* :mod:`.crlb` — ``coop.crlb`` (Fig. 4), ``coop.crlb_acceptance`` (Fig. 5);
* :mod:`.comm_rate` — ``coop.comp_rate`` (Fig. 6), ``coop.optimal_cluster`` (Fig. 7);
* :mod:`.comm_tradeoff` — ``coop.tradeoff`` (Figs. 8, 9, overview Fig. 4), ``coop.weighted_sum`` (Fig. 10).
"""
