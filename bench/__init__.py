"""The OverHoop benchmark: ``make bench`` (small and medium), ``make bench-large``, ``make loadtest``.

Speed is judged here, never in the test suite. ``bench.run`` measures every ``.rq`` query, the
build, loading synthetic data, the HTTP endpoints, the analysis measures and the maps, side by
side on the embedded Oxigraph store, rdflib's own engine and ``oxigraph serve``, and prints one
table with the targets of issue 8 marked PASS or MISS.
"""
