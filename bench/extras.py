"""Analysis measures, map generation, text search, an import preview and a whole backup, timed in a child process the benchmark can stop.

``python -m bench.extras --store SPEC --params FILE`` prints one JSON line per measurement.
Both ``graph/analysis`` and the maps are being built while the benchmark is: whatever exists is
found at run time (every public function of ``graph.analysis.*`` that takes a network ``G`` and
nothing else required) and what does not exist is simply absent from the table.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import shutil
import sys
import tempfile
from pathlib import Path

from api.settings import Settings
from bench.measure import repeat, stats
from bench.params import Parameters
from graph.backup import export_dataset, restore
from graph.cache import forget
from graph.store import open_store

MAP_SIZES = (100, 1000, 5000)
# Words as coordinators type them; each timed search uses the next one, so none is kept yet.
SEARCH_WORDS = ("kind", "gezin", "huis", "opvang", "school", "ouder", "jeugd", "zorg", "centrum", "welzijn",
                "baby", "buurt")


def _emit(section: str, name: str, samples: list[float] | None = None, **extra) -> None:
    print(json.dumps({"section": section, "name": name, **(stats(samples) if samples is not None else {}),
                      **extra}), flush=True)


def _measure(section: str, name: str, fn, times: int, budget_s: float, **extra) -> object:
    try:
        samples, result = repeat(fn, warmup=0, times=times, budget_s=budget_s)
    except Exception as error:  # one broken measure must not hide the others
        _emit(section, name, error=f"{type(error).__name__}: {str(error)[:200]}")
        return None
    _emit(section, name, samples, **extra)
    return result


def network_measures() -> list[tuple[str, object]]:
    """Every public function of ``graph.analysis`` that takes a network ``G`` and nothing else required."""
    import graph.analysis

    found = []
    for info in pkgutil.iter_modules(graph.analysis.__path__):
        module = importlib.import_module(f"graph.analysis.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameters = list(inspect.signature(fn).parameters.values())
            if (parameters and parameters[0].name == "G"
                    and all(p.default is not inspect.Parameter.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                            for p in parameters[1:])):
                found.append((f"{info.name}.{name}", fn))
    return found


def analysis(store, params: Parameters, times: int, budget_s: float) -> None:
    """Time building the networks and every measure on the largest zone's network."""
    try:
        from graph.analysis.networks import build_network
    except ImportError:
        return
    from rdflib import URIRef

    zone_network = _measure("analysis", "networks.build_network (grootste zone)",
                            lambda: build_network(store, zone=URIRef(params.zone)), times, budget_s)
    whole = _measure("analysis", "networks.build_network (heel Vlaanderen)", lambda: build_network(store),
                     1, budget_s)
    if zone_network is None:
        return
    _emit("analysis", "netwerk grootste zone / network of the largest zone", nodes=zone_network.number_of_nodes(),
          edges=zone_network.number_of_edges())
    if whole is not None:
        _emit("analysis", "netwerk heel Vlaanderen / whole network", nodes=whole.number_of_nodes(),
              edges=whole.number_of_edges())
    for name, fn in network_measures():
        if name != "networks.project":
            _measure("analysis", name, lambda fn=fn: fn(zone_network), times, budget_s)


def maps(store, params: Parameters, times: int, budget_s: float) -> None:
    """Time the zone map and maps of 100, 1,000 and 5,000 nodes (data, then drawing if it exists)."""
    try:
        from graph import map_data
    except ImportError:
        return
    render = None
    try:
        render = importlib.import_module("viz.maps").render_map
    except (ImportError, AttributeError):
        pass

    def first_seen(make_map):
        # Every run reads what the map needs, as a map seen for the first time after a start or
        # an import does: the app keeps its answers until the next write, so every run after the
        # first would time the kept answer.
        forget(store)
        return make_map()

    zone_data = _measure("maps", "zone map data (grootste zone)",
                         lambda: first_seen(lambda: map_data.zone_map(store, params.zone)), times, budget_s)
    if zone_data is not None:
        _emit("maps", "zone map size", nodes=len(zone_data["nodes"]), edges=len(zone_data["edges"]))
        if render:
            _measure("maps", "zone map drawing", lambda: render(zone_data, title="Benchmark"), times, budget_s)
    try:
        from graph.analysis.networks import build_network

        order = [n for n in _bfs(build_network(store), params.org)]
    except ImportError:
        return
    for size in MAP_SIZES:
        if len(order) < size:
            _emit("maps", f"map of {size} nodes", error=f"only {len(order)} connected nodes")
            continue
        nodes = order[:size]
        inside = set(nodes)

        def data(nodes=nodes, inside=inside):
            edges = [e for e in map_data.edges_touching(store, nodes)
                     if e["source"] in inside and e["target"] in inside]
            return map_data.assemble(store, nodes, edges)

        result = _measure("maps", f"map data, {size} nodes", lambda data=data: first_seen(data), times, budget_s)
        if result is not None and render:
            _measure("maps", f"map drawing, {size} nodes", lambda r=result: render(r, title="Benchmark"), times, budget_s,
                     edges=len(result["edges"]))


def search(store, times: int, budget_s: float) -> None:
    """Time a text search as a coordinator types word after word: the first word after a start or a
    write (which reads every search text), then each further new word (none of them kept yet)."""
    from graph.lookup import Filters, search_organisations

    words = iter(SEARCH_WORDS)

    def next_word() -> dict:
        return search_organisations(store, Filters(text=next(words)))

    found = _measure("search", "tekst: eerste woord / text: first word", next_word, 1, budget_s)
    if found is not None:
        _emit("search", "gevonden voor / found for \"kind\"", organisations=found["total"])
        _measure("search", "tekst: elk volgend nieuw woord / text: each further new word", next_word,
                 min(times, len(SEARCH_WORDS) - 1), budget_s)


# A coordinator's file of this many new organisations, previewed (matched, checked) but not written.
PREVIEW_ROWS = 1_000


def import_preview(store, params: Parameters, times: int, budget_s: float) -> None:
    """Time the preview of an organisations sheet of ``PREVIEW_ROWS`` new organisations: every row
    is matched against every organisation's name and the whole file checked against the shapes."""
    from graph.imports import preview

    place = params.nis
    rows = ["naam;gemeente;type;sector"] + [f"Benchmarkorganisatie {i} voor gezinnen;{place};welzijn;welzijn"
                                            for i in range(PREVIEW_ROWS)]
    data = "\n".join(rows).encode("utf-8")
    plan = _measure("import", f"voorvertoning van {PREVIEW_ROWS} organisaties / preview of {PREVIEW_ROWS} "
                    "organisations", lambda: preview(store, data, "organisaties.csv", agent="benchmark"),
                    times, budget_s)
    if plan is not None:
        _emit("import", "nieuw volgens de voorvertoning / new by the preview",
              organisations=sum(1 for match in plan.matches if match.status == "nieuw"))


def backup(store, times: int, budget_s: float) -> None:
    """Time a whole backup (``overhoop export --format trig``) and restoring it into an empty store."""
    folder = Path(tempfile.mkdtemp(prefix="overhoop-backup-"))
    path = folder / "backup.trig"

    def export() -> None:
        with path.open("wb") as output:
            export_dataset(store, output, "trig")

    def restore_into_empty_store() -> dict:
        target = folder / "restored"
        shutil.rmtree(target, ignore_errors=True)
        restored = open_store(f"oxigraph:{target}")
        try:
            return restore(restored, path)
        finally:
            restored.close()

    try:
        _measure("backup", "export (TriG)", export, times, budget_s)
        if path.exists():
            sizes = _measure("backup", "restore", restore_into_empty_store, times, budget_s,
                             megabytes=round(path.stat().st_size / 1e6))
            if sizes is not None:
                _emit("backup", "teruggezet / restored", triples=sum(sizes.values()), graphs=len(sizes))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _bfs(G, start: str) -> list[str]:
    """Nodes in breadth-first order from ``start`` (then the rest), so a map of N nodes is connected."""
    import networkx as nx

    if start not in G:
        return list(G)
    seen = [start, *(v for _u, v in nx.bfs_edges(G.to_undirected(as_view=True), start))]
    rest = set(G) - set(seen)
    return seen + sorted(rest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extras")
    parser.add_argument("--store", required=True)
    parser.add_argument("--params", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=5.0)
    args = parser.parse_args(argv)
    # Read as the server reads: from the copy in memory when it fits.
    store = open_store(args.store, read_copy_mb=Settings().read_copy_mb)
    store.wait_for_read_copy()
    params = Parameters(**json.loads(args.params.read_text()))
    analysis(store, params, args.repeat, args.budget)
    maps(store, params, args.repeat, args.budget)
    search(store, args.repeat, args.budget)
    import_preview(store, params, args.repeat, args.budget)
    backup(store, args.repeat, args.budget)
    print(json.dumps({"section": "done"}), flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
