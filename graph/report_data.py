"""``overhoop report data``: what a reviewer of the note's catalogue should look at.

Lists, from the generated ``data/seed`` files and the mappings:

- practices with an unusual field (an empty or duplicated field, a very short or very long one,
  an appendix title that differs from the main-text title, a link that is not a plain
  http(s) address, an appendix sub-theme that disagrees with the main text);
- organisations matched across spellings (one node, several spellings in the note);
- initiators that may be one actor or two (a correction merged or split them, or the mapping
  says so in its comment, or two names share their first word).
"""

import re
from pathlib import Path

from graph.catalogue import audiences, read_mapping
from graph.extract_note import read_corrections, read_generated_csv
from graph.textnorm import fold

URL = re.compile(r"^https?://[^\s]+$")


def report(root: Path) -> list[dict]:
    """Findings for a reviewer, one dict per finding.

    Parameters
    ----------
    root : pathlib.Path
        Repository root.

    Returns
    -------
    list of dict
        Keys ``kind`` (``praktijk``, ``spellingen`` or ``een-of-twee``), ``subject`` (a slug
        or name), ``message`` (Dutch, for the reviewer) and ``lines`` (source line range).
    """
    seed, mappings = root / "data" / "seed", root / "data" / "mappings"
    practices = read_generated_csv(seed / "practices.csv")
    actors = read_generated_csv(seed / "organisations.csv")
    rules = read_mapping(mappings / "doelgroepen.csv")
    findings = []

    def add(kind, subject, message, lines=""):
        findings.append({"kind": kind, "subject": subject, "message": message, "lines": lines})

    for p in practices:
        lines = f"{p['from']}-{p['to']}"
        for column in ("audience_description", "goal", "method"):
            if not p[column]:
                add("praktijk", p["slug"], f"veld {column} is leeg", lines)
            elif len(p[column]) < 8:
                add("praktijk", p["slug"], f"veld {column} is erg kort: {p[column]!r}", lines)
        if p["audience_description"] and fold(p["audience_description"]).rstrip(".") == fold(p["goal"]).replace(". ", ", ").rstrip("."):
            add("praktijk", p["slug"], "Doelgroep herhaalt de Doelstelling (zo in de nota)", lines)
        elif p["audience_description"] and fold(p["audience_description"])[:30] == fold(p["goal"])[:30]:
            add("praktijk", p["slug"], "Doelgroep en Doelstelling beginnen hetzelfde", lines)
        if p["appendix_title"]:
            add("praktijk", p["slug"], f"titel in de bijlage verschilt: {p['title']!r} / {p['appendix_title']!r}", lines)
        if p["appendix_sub_theme"] and fold(p["appendix_sub_theme"]) != fold(p["sub_theme"]):
            add("praktijk", p["slug"], f"subthema in de bijlage {p['appendix_sub_theme']!r} verschilt van {p['sub_theme']!r}", lines)
        urls = [u for u in p["urls"].split(" | ") if u]
        if not urls:
            add("praktijk", p["slug"], "geen links", lines)
        for url in urls:
            if not URL.match(url):
                add("praktijk", p["slug"], f"link is geen volledig http(s)-adres: {url!r}", lines)
        if not audiences(p["audience_description"], rules):
            add("praktijk", p["slug"], "geen doelgroep gevonden: vul data/mappings/doelgroepen.csv aan", lines)
        if len(p["description"]) < 40:
            add("praktijk", p["slug"], "beschrijving ontbreekt of is erg kort", lines)

    for a in actors:
        if a["alt_labels"]:
            add("spellingen", a["name"], f"één actor voor de spellingen: {a['name']} | {a['alt_labels']}", a["lines"])

    comments = {fold(r["name"]): r["comment"] for r in read_mapping(mappings / "organisations.csv") if r["name"]}
    for a in actors:
        comment = comments.get(fold(a["name"]), "")
        if re.search(r"\b(same|zelfde)\b", comment):
            add("een-of-twee", a["name"], f"mogelijk dezelfde actor als een andere: {comment}", a["lines"])
        if a["kind"] == "groep":
            add("een-of-twee", a["name"], "groep van actoren, geen enkele organisatie", a["lines"])
    by_first_word = {}
    for a in actors:
        if a["kind"] != "persoon":
            by_first_word.setdefault(fold(a["name"]).split(" ")[0], []).append(a["name"])
    for word, names in by_first_word.items():
        if len(names) > 1 and len(word) > 3 and word not in {"vlaams", "vlaamse", "stichting", "agentschap", "expertisecentrum", "nederlands", "huizen", "lokale", "stad"}:
            add("een-of-twee", " / ".join(names), "namen die met hetzelfde woord beginnen: één actor of meer?")
    for (line, field), value in read_corrections(seed / "corrections.csv").items():
        if field == "initiators":
            add("een-of-twee", value, f"initiatiefnemers met de hand bepaald (correctie op regel {line})", str(line))
    return findings


def format_report(findings: list[dict]) -> list[str]:
    """Printable lines, grouped by kind."""
    titles = {
        "praktijk": "Praktijken met een ongewoon veld",
        "spellingen": "Organisaties samengevoegd over spellingen heen",
        "een-of-twee": "Initiatiefnemers: één actor of twee?",
    }
    out = []
    for kind, title in titles.items():
        rows = [f for f in findings if f["kind"] == kind]
        out.append(f"## {title} ({len(rows)})")
        out += [f"- {f['subject']}: {f['message']}" + (f" [regels {f['lines']}]" if f["lines"] else "") for f in rows]
        out.append("")
    return out


def main(root: Path | None = None) -> int:
    """Print the report for the repository at `root` (default: this checkout)."""
    root = root or Path(__file__).resolve().parents[1]
    print("\n".join(format_report(report(root))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
