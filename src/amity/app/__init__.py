"""The use-case layer: what every face (CLI, API, dashboard, report) asks, as plain functions.

:mod:`amity.app.reports` holds the dyad, compare, triangle, balance, scenario and ablation
use cases and :mod:`amity.app.coalition` the coalition one (they read the inputs and call the
pure measures); :mod:`amity.app.service` holds the request-level functions (validation, JSON-ready answers)
over an open store; :mod:`amity.app.similarity` the similarity series of a pair;
:mod:`amity.app.datasets` the dataset list, fetch and citations and the panel builder;
:mod:`amity.app.relations` what binds a triangle (alliances, facts by decade, the sanctions
coalition and the UN votes on it); :mod:`amity.app.brief` the brief's numbers. Faces import this layer; nothing below it imports a face (the rule is
checked by ``tests/test_architecture.py``).
"""
