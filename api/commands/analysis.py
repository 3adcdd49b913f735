"""Sub-command ``overhoop analyse``: the network measures of a zone or of the whole graph
(all of Flanders and beyond: see graph/analysis/networks.py)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from api.commands.common import open_to_read
from graph.analysis.centrality import DEFAULT_SEED
from graph.analysis.export import export, nodes_csv
from graph.analysis.networks import DEFAULT_NETWORK, NETWORKS, WHOLE_GRAPH_NL, network_queries, resolve_zone
from graph.analysis.ranking import ranked
from graph.analysis.report import analysed_network

# ``overhoop export --format`` choices for a network, with the export format(s) each writes
NETWORK_FORMATS = {"graphml": ("graphml",), "gexf": ("gexf",), "csv": ("nodes.csv", "edges.csv"),
                   "nodelink": ("json",)}
TABLE_COLUMNS = ("label", "sector", "degree", "weighted_degree", "betweenness", "pagerank", "constraint",
                 "k_core", "articulation_point", "community")


def add_network_arguments(parser) -> None:
    """Add ``--zone`` and ``--network`` (shared by ``analyse`` and ``export``)."""
    parser.add_argument("--zone", help="eerstelijnszone (id zoals gent of antwerpen-centrum, of IRI); "
                        f"zonder: {WHOLE_GRAPH_NL} (elke organisatie van de graaf, ook die zonder zone of "
                        "in het buitenland)")
    parser.add_argument("--network", choices=tuple(NETWORKS), default=DEFAULT_NETWORK,
                        help=f"welk netwerk (standaard {DEFAULT_NETWORK})")


def register(commands) -> None:
    """Add ``analyse`` to ``commands`` (an argparse sub-parsers object)."""
    p = commands.add_parser("analyse", help="netwerkanalyse: centraliteit, structurele gaten, makelaars, "
                            "gemeenschappen")
    add_network_arguments(p)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="table (rangschikking), json (alles) of csv (een rij per knoop)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"seed voor steekproef en Louvain "
                   f"(standaard {DEFAULT_SEED}): zelfde seed, zelfde cijfers")
    p.add_argument("--resolution", type=float, default=1.0, help="resolutie van Louvain (standaard 1.0; "
                   "hoger geeft meer, kleinere gemeenschappen)")
    p.add_argument("--top", type=int, default=20, help="aantal rijen in de tabel (standaard 20)")
    p.add_argument("--sparql", action="store_true", help="toon enkel de SPARQL-query's achter het netwerk")
    p.set_defaults(run=run_analyse)


def run_analyse(args) -> int:
    store = open_to_read(args)
    try:
        if args.sparql:
            for name, text in network_queries(args.network, resolve_zone(store, args.zone)).items():
                print(f"# --- graph/queries/{name}.rq ---\n{text}")
            return 0
        annotated, analysis = analysed_network(store, args.network, args.zone, args.seed, args.resolution)
    finally:
        store.close()
    if args.format == "json":
        data = asdict(analysis)
        data["missing_bridges"] = [list(pair) for pair in analysis.missing_bridges]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
        print()
    elif args.format == "csv":
        sys.stdout.buffer.write(nodes_csv(annotated))
    else:
        print_report(analysis, args.top)
    return 0


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _nobody_between(summary: dict) -> str:
    # The ranking leaves out betweenness 0, which every node has when each part of the network is
    # a group whose members are all directly linked (a small zone: one tie and a loose node).
    if not summary["nodes"]:
        return "Dit netwerk heeft hier geen knopen."
    if not summary["edges"]:
        return "Geen enkele knoop is hier met een andere verbonden, dus ligt niemand tussen twee anderen."
    return ("Niemand ligt hier tussen twee anderen: wie verbonden is, is rechtstreeks verbonden "
            "(betweenness overal 0).")


def print_report(analysis, top: int) -> None:
    """Print the summary, the most central nodes, the communities and the sector bridges."""
    s = analysis.summary
    where = analysis.zone.rsplit("/", 1)[-1] if analysis.zone else WHOLE_GRAPH_NL
    print(f"Netwerk {analysis.network} ({where}): {s['nodes']} knopen, {s['edges']} verbindingen, "
          f"dichtheid {s['density']:.4f}, {s['components']} delen (grootste {s['largest_component']}).")
    print(f"Diameter {_cell(s['diameter'])}, gemiddelde padlengte {_cell(s['average_path_length'])}"
          f"{' (steekproef)' if s['distances_sampled'] else ''}, wederkerigheid {_cell(s['reciprocity'])}, "
          f"assortativiteit naar sector {_cell(s['assortativity'])}, bruggen {s['bridges']}.")
    print(f"\nWie houdt het netwerk samen? (top {top} naar betweenness; 'snijpunt' = zonder hen valt het uiteen)")
    rows = ranked(analysis.nodes, "betweenness", top)
    if not rows:
        print(_nobody_between(s))
    else:
        widths = [40, 14, 6, 8, 11, 8, 10, 6, 8, 6]
        headers = ("naam", "sector", "graad", "gewogen", "betweenness", "pagerank", "constraint", "kern",
                   "snijpunt", "groep")
        print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
        for row in rows:
            print("  ".join(_cell(row[c])[:w].ljust(w) for c, w in zip(TABLE_COLUMNS, widths)))
    print(f"\nGemeenschappen (Louvain, seed {analysis.seed}, resolutie {analysis.resolution}):")
    for community in analysis.communities[:top]:
        print(f"  {community.number:>3}. {community.name} ({len(community.members)} leden)")
    if analysis.ei_index:
        print("\nE-I-index per sector (-1 = enkel binnen de sector, +1 = enkel erbuiten):")
        for sector, value in analysis.ei_index.items():
            print(f"  {sector:<14} {_cell(value)}")
    if analysis.missing_bridges:
        print("\nSectoren zonder enige brug: " + ", ".join(f"{a}–{b}" for a, b in analysis.missing_bridges))


def run_network_export(args) -> int:
    """``overhoop export --format graphml|gexf|csv|nodelink``: a network with all its measures.

    CSV gives two files, ``NAAM-knopen.csv`` and ``NAAM-verbindingen.csv`` beside ``--output``.
    """
    if args.format == "csv" and not args.output:
        raise ValueError("CSV geeft twee bestanden (knopen en verbindingen): geef -o NAAM.csv op.")
    store = open_to_read(args)
    try:
        annotated, _ = analysed_network(store, args.network, args.zone)
    finally:
        store.close()
    for fmt in NETWORK_FORMATS[args.format]:
        data = export(annotated, fmt)
        if not args.output:
            sys.stdout.buffer.write(data)
            continue
        target = args.output
        if args.format == "csv":
            part = "knopen" if fmt == "nodes.csv" else "verbindingen"
            target = args.output.with_name(f"{args.output.stem}-{part}.csv")
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.replace(target)
        print(f"{len(data)} bytes geschreven naar {target}.", file=sys.stderr)
    return 0
