"""A long computation over an on-disk store runs in a process of its own and gives the same answer."""

from __future__ import annotations

import os
import signal

import pytest

from graph.analysis.report import _analyse_from_store
from graph.apart import ProcessKilled, run_apart
from graph.build import build
from graph.store import open_store


def process_id(store) -> int:
    return os.getpid()


def only_here(store, here: int) -> str:
    """Fails in any process but ``here``: stands for a separate process that cannot do its work."""
    if os.getpid() != here:
        raise RuntimeError("not here")
    return "computed here"


def killed_elsewhere(store, here: int) -> str:
    """Is killed in any process but ``here``, as the system does to a process using too much memory."""
    if os.getpid() != here:
        os.kill(os.getpid(), signal.SIGKILL)
    return "computed here"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    store = open_store(f"oxigraph:{tmp_path_factory.mktemp('apart') / 'store'}")
    build(store, progress=lambda *_: None)
    return store


def test_an_on_disk_store_is_computed_over_in_another_process(disk_store):
    assert run_apart(disk_store, process_id) != os.getpid()


def test_a_store_in_memory_is_computed_over_here():
    assert run_apart(open_store("memory"), process_id) == os.getpid()


def test_a_failed_separate_process_still_gives_the_answer_computed_here(disk_store, caplog):
    assert run_apart(disk_store, only_here, os.getpid()) == "computed here"
    assert "apart proces mislukt" in caplog.text


def test_a_killed_separate_process_is_reported_not_repeated_in_the_server(disk_store):
    with pytest.raises(ProcessKilled, match="te weinig geheugen"):
        run_apart(disk_store, killed_elsewhere, os.getpid())


def test_the_analysis_of_all_of_flanders_is_the_same_in_another_process(disk_store):
    G_here, here = _analyse_from_store(disk_store, "organisaties", None, 42, 1.0)
    G_apart, apart = _analyse_from_store(disk_store, "organisaties", None, 42, 1.0, apart=True)
    assert apart.nodes == here.nodes
    assert list(G_apart.nodes(data=True)) == list(G_here.nodes(data=True))
    assert sorted(G_apart.edges(data=True)) == sorted(G_here.edges(data=True))
    assert apart.summary == here.summary
    assert apart.graph_state == here.graph_state
