"""Data shipped with the planner: the generated example town (``town/``) and its generator."""
