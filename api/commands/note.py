"""Sub-commands about the OverHoop note: extract its practices, and report what to review."""

from __future__ import annotations

from graph import extract_note, report_data


def register(commands) -> None:
    """Add ``extract`` and ``report`` to ``commands`` (an argparse sub-parsers object)."""
    p = commands.add_parser(
        "extract", help="lees de inspiratienota opnieuw uit naar data/seed/ (praktijken, actoren, koppelingen)"
    )
    p.set_defaults(run=lambda args: extract_note.main([]))

    p = commands.add_parser("report", help="rapport voor een nalezer")
    p.add_argument("topic", choices=("data",),
                   help="data: praktijken met een ongewoon veld, samengevoegde spellingen, twijfelachtige initiatiefnemers")
    p.set_defaults(run=lambda args: report_data.main())
