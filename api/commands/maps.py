"""``overhoop map``: write one network map as a standalone, offline HTML file."""

from __future__ import annotations

from pathlib import Path

from api.commands.common import open_to_read
from graph import lookup, map_data
from viz.maps import render_map


def register(commands) -> None:
    """Add ``overhoop map`` to the sub-commands."""
    p = commands.add_parser("map", help="schrijf een netwerkkaart als één offline HTML-bestand")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--zone", metavar="ID", help="alliantiekaart van een eerstelijnszone (bv. gent)")
    what.add_argument("--org", metavar="ID", help="netwerk rond een organisatie (bv. similes)")
    what.add_argument("--bouwsteen", metavar="N", help="kaart van een bouwsteen (1 tot 8)")
    what.add_argument("--query", metavar="FILE.rq", help="resultaat van een SPARQL-query met ?source ?target")
    what.add_argument("--vlaanderen", action="store_true", help="het hele netwerk van Vlaanderen")
    p.add_argument("--stappen", type=int, choices=(1, 2), default=1, help="stappen rond de organisatie (--org)")
    p.add_argument("--kleur", choices=("sector", "type"), default="sector", help="kleur volgens sector of type")
    p.add_argument("--lang", choices=("nl", "en"), default="nl", help="taal van de kaart")
    p.add_argument("-o", "--output", required=True, metavar="KAART.html", help="het HTML-bestand om te schrijven")
    p.set_defaults(run=run_map)


def run_map(args) -> int:
    """Build the map data, render it with everything inlined, and write it to ``args.output``."""
    store = open_to_read(args)
    try:
        data, title = _map(store, args)
    except lookup.NotFound as error:
        raise ValueError(str(error)) from error
    finally:
        store.close()
    html = render_map(data, title=title, lang=args.lang, standalone=True, colour_by=args.kleur)
    Path(args.output).write_text(html, encoding="utf-8")
    print(f"{args.output}: {len(data['nodes'])} knooppunten, {len(data['edges'])} verbindingen.")
    return 0


def _map(store, args) -> tuple[dict, str]:
    lang = args.lang
    if args.zone:
        zone = lookup.zone_info(store, args.zone)
        data, title = map_data.zone_map(store, zone["iri"], lang), f"Alliantiekaart {zone['label']}"
    elif args.org:
        org = lookup.organisation_detail(store, args.org)
        data, title = map_data.ego_map(store, org["iri"], args.stappen, lang), f"Netwerk rond {org['label']}"
    elif args.bouwsteen:
        data, title = map_data.bouwsteen_map(store, args.bouwsteen.lstrip("b"), lang), f"Bouwsteen {args.bouwsteen}"
    elif args.query:
        path = Path(args.query)
        rows = store.select(path.read_text(encoding="utf-8"))
        data, title = map_data.result_map(store, rows, lang), path.stem
    else:
        data, title = map_data.flanders_map(store, lang), "Het netwerk van Vlaanderen"
    return data, title
