"""Coordinators' contributions: import local organisations, partnerships, referral links and
practices offered locally from CSV, XLSX or RDF, safely.

The way in, for the command line, the HTTP API and the web form alike::

    plan = preview(store, data, "alliantie.xlsx", agent="coordinator-leuven")
    plan.ok, plan.summary()
    contribution = apply(store, plan)
    withdraw(store, contribution.id)

One module per concern: ``readers`` (files to tables or RDF, with size and zip-bomb limits),
``rows`` (Dutch columns to RDF), ``rdfinput`` (RDF uploads), ``matching`` (existing
organisations), ``places`` (postcodes and municipalities), ``known`` (what the store holds),
``plan`` (preview), ``contributions`` (write, withdraw), ``contribution_list`` (list, name),
``derived`` (the ``oh:refersTo`` links a contribution adds or takes away), ``templates`` (the sheets).
"""

from graph.imports.contribution_list import Contribution, list_contributions
from graph.imports.contributions import PROVENANCE_GRAPH, apply, withdraw, write_lock
from graph.imports.plan import DEFAULT_AGENT, ImportPlan, preview, preview_files
from graph.imports.problems import ImportBusy, ImportRefused, Problem, WithdrawalBlocked

__all__ = [
    "DEFAULT_AGENT", "PROVENANCE_GRAPH", "Contribution", "ImportBusy", "ImportPlan",
    "ImportRefused", "Problem", "WithdrawalBlocked", "apply", "list_contributions", "preview",
    "preview_files", "withdraw", "write_lock",
]
