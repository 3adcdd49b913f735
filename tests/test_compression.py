"""Big answers travel gzip-compressed to a client that accepts it: kept answers are compressed once
(api/kept.py), the others per request (api/app.py); a client that does not accept gzip gets the
same answer unpacked."""

from __future__ import annotations

import pytest

GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}


def test_a_kept_json_answer_is_sent_compressed_to_a_fifth_of_its_size_or_less(client):
    compressed = client.get("/api/zones/gent", headers=GZIP)
    plain = client.get("/api/zones/gent", headers=IDENTITY)
    assert compressed.headers["content-encoding"] == "gzip"
    assert compressed.headers["vary"] == "Accept-Encoding"
    assert compressed.num_bytes_downloaded * 5 < len(compressed.content)
    assert "content-encoding" not in plain.headers
    assert compressed.json() == plain.json() and plain.json()["label"]


@pytest.mark.parametrize("path, part", [("/api/analysis/report", "nodes"), ("/api/analysis/measures", "nodes"),
                                        ("/api/analysis/communities", "communities")])
def test_the_answers_of_an_analysis_are_kept_compressed(client, path, part):
    compressed = client.get(path, params={"zone": "gent"}, headers=GZIP)
    plain = client.get(path, params={"zone": "gent"}, headers=IDENTITY)
    assert compressed.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert compressed.json() == plain.json() and plain.json()[part]


def test_an_answer_that_is_not_kept_is_compressed_per_request(client):
    turtle = {"Accept": "text/turtle"}
    compressed = client.get("/id/praktijk/forumtheater", headers=turtle | GZIP)
    plain = client.get("/id/praktijk/forumtheater", headers=turtle | IDENTITY)
    assert compressed.headers["content-encoding"] == "gzip"
    assert compressed.headers["vary"] == "Accept, Accept-Encoding"
    assert "content-encoding" not in plain.headers
    assert compressed.text == plain.text and "forumtheater" in plain.text


def test_a_small_answer_is_sent_as_it_is(client):
    response = client.get("/api/analysis/summary", params={"zone": "gent"}, headers=GZIP)
    assert len(response.content) < 1024
    assert "content-encoding" not in response.headers


def test_a_network_download_is_written_once_and_kept_compressed(client, monkeypatch):
    import api.routes_analysis

    written = []
    monkeypatch.setattr(api.routes_analysis, "export",
                        lambda G, fmt, write=api.routes_analysis.export: written.append(fmt) or write(G, fmt))
    # A seed no other test asks for, so that no earlier test has kept this download.
    params = {"zone": "gent", "network": "doorverwijzing", "seed": 11}
    compressed = client.get("/api/analysis/export/gexf", params=params, headers=GZIP)
    plain = client.get("/api/analysis/export/gexf", params=params, headers=IDENTITY)
    assert written == ["gexf"]
    assert compressed.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert compressed.content == plain.content and b"<gexf" in plain.content
    assert plain.headers["content-disposition"] == 'attachment; filename="overhoop-doorverwijzing-gent.gexf"'


def test_a_kept_page_sent_unpacked_names_accept_encoding_once_in_vary(client):
    client.get("/zone/gent")
    unpacked = client.get("/zone/gent", headers=IDENTITY)
    assert unpacked.headers.get("content-encoding") is None
    assert unpacked.headers["vary"] == "Accept-Encoding"
