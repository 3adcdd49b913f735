"""Cached answers last until the next write to the store, and no longer."""

import gc
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pytest

from graph.cache import StillComputing, cached, is_current, per_state
from graph.lookup import concepts
from graph.store import open_store

NEW_CONCEPT = """
<https://w3id.org/overhoop/id/concept/doelgroep/grootouders> <http://www.w3.org/2004/02/skos/core#inScheme> <https://w3id.org/overhoop/id/conceptscheme/doelgroep> .
<https://w3id.org/overhoop/id/concept/doelgroep/grootouders> <http://www.w3.org/2004/02/skos/core#prefLabel> "Grootouders"@nl .
"""


def test_an_answer_is_computed_once_while_nothing_is_written():
    store = open_store("memory")
    calls = []
    for _ in range(3):
        cached(store, "question", lambda: calls.append("computed"))
    assert calls == ["computed"]


def test_a_write_makes_the_next_call_compute_again():
    store = open_store("memory")
    calls = []
    cached(store, "question", lambda: calls.append("computed"))
    store.replace_graph("https://example.org/g", "<https://example.org/a> <https://example.org/b> 1 .")
    cached(store, "question", lambda: calls.append("computed"))
    assert calls == ["computed", "computed"]


def test_a_new_concept_shows_in_the_code_list_right_after_it_is_written(fresh_store):
    before = concepts(fresh_store, "doelgroep")
    fresh_store.replace_graph("https://example.org/extra", NEW_CONCEPT)
    after = concepts(fresh_store, "doelgroep")
    assert set(after) - set(before) == {"https://w3id.org/overhoop/id/concept/doelgroep/grootouders"}


def test_two_stores_do_not_share_answers():
    first, second = open_store("memory"), open_store("memory")
    assert cached(first, "who", lambda: "first") == "first"
    assert cached(second, "who", lambda: "second") == "second"


def test_the_number_of_answers_kept_is_bounded(monkeypatch):
    monkeypatch.setattr("graph.cache.MAX_ANSWERS_PER_STORE", 3)
    store = open_store("memory")
    calls = []
    for seed in range(5):
        cached(store, ("analysis", seed), lambda: calls.append("computed"))
    cached(store, ("analysis", 0), lambda: calls.append("computed"))
    assert len(calls) == 6


def test_a_recently_used_answer_is_kept(monkeypatch):
    monkeypatch.setattr("graph.cache.MAX_ANSWERS_PER_STORE", 2)
    store = open_store("memory")
    calls = []
    cached(store, "a", lambda: calls.append("a"))
    cached(store, "b", lambda: calls.append("b"))
    cached(store, "a", lambda: calls.append("a"))
    cached(store, "c", lambda: calls.append("c"))
    cached(store, "a", lambda: calls.append("a"))
    assert calls == ["a", "b", "c"]


def test_callers_asking_the_same_cold_question_together_share_one_computation():
    store = open_store("memory")
    calls, release = [], threading.Event()

    def slow_answer():
        calls.append("computed")
        release.wait(timeout=10)
        return "answer"

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(cached, store, "question", slow_answer) for _ in range(8)]
        time.sleep(0.2)  # let every caller arrive while the first is still computing
        release.set()
        answers = [future.result() for future in futures]
    assert answers == ["answer"] * 8 and calls == ["computed"]


def test_a_failed_computation_is_not_kept_and_the_next_caller_tries_again():
    store = open_store("memory")

    def failing():
        raise RuntimeError("store unreachable")

    with pytest.raises(RuntimeError):
        cached(store, "question", failing)
    assert cached(store, "question", lambda: "answer") == "answer"


def test_a_caller_changing_its_copy_does_not_change_the_next_callers_answer():
    store = open_store("memory")

    @per_state()
    def zone(store):
        return {"organisations": ["a", "b"]}

    zone(store)["organisations"].append("added by a page")
    assert zone(store) == {"organisations": ["a", "b"]}


def test_a_slow_answer_marked_stale_while_recomputing_gives_the_previous_answer_right_after_a_write():
    store = open_store("memory")
    assert cached(store, "analysis", lambda: "before", stale_while_recomputing=True) == "before"
    _write(store)
    release = threading.Event()

    def recompute():
        release.wait(timeout=10)
        return "after"

    assert cached(store, "analysis", recompute, stale_while_recomputing=True) == "before"
    release.set()
    for _ in range(500):
        if cached(store, "analysis", recompute, stale_while_recomputing=True) == "after":
            break
        time.sleep(0.01)
    assert cached(store, "analysis", recompute, stale_while_recomputing=True) == "after"


def test_a_slow_answer_asked_for_the_first_time_is_computed_while_the_caller_waits():
    store = open_store("memory")
    assert cached(store, "analysis", lambda: "computed", stale_while_recomputing=True) == "computed"


def test_answers_of_an_older_state_are_let_go_after_a_write():
    class Answer:
        pass

    store = open_store("memory")
    answer = Answer()
    kept = weakref.ref(answer)
    cached(store, "zone", lambda: answer)
    del answer
    _write(store)
    cached(store, "other question", lambda: "new state")
    gc.collect()
    assert kept() is None


GENT, LEUVEN = "https://example.org/zone/gent", "https://example.org/zone/leuven"


def _write(store, declared: set | None = None) -> None:
    """One write; with ``declared``, declared as changing only those zones (as imports do)."""
    insert = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }"
    if declared is None:
        store.update(insert)
        return
    with store.parts_to_declare() as declare:
        store.update(insert)
        declare(declared)


def test_an_answer_about_a_zone_outlives_a_write_declared_elsewhere():
    store = open_store("memory")
    calls = []
    cached(store, "gent", lambda: calls.append("computed"), about=GENT)
    _write(store, declared={LEUVEN})
    cached(store, "gent", lambda: calls.append("computed"), about=GENT)
    assert calls == ["computed"]


def test_an_answer_about_a_zone_is_computed_again_after_a_write_there():
    store = open_store("memory")
    calls = []
    cached(store, "gent", lambda: calls.append("computed"), about=GENT)
    _write(store, declared={GENT, LEUVEN})
    cached(store, "gent", lambda: calls.append("computed"), about=GENT)
    assert calls == ["computed", "computed"]


def test_a_write_that_declares_nothing_changes_every_zone():
    store = open_store("memory")
    calls = []
    cached(store, "gent", lambda: calls.append("computed"), about=GENT)
    _write(store)
    cached(store, "gent", lambda: calls.append("computed"), about=GENT)
    assert calls == ["computed", "computed"]


def test_an_answer_about_all_zones_is_computed_again_after_any_write():
    store = open_store("memory")
    calls = []
    cached(store, "flanders", lambda: calls.append("computed"))
    _write(store, declared={LEUVEN})
    cached(store, "flanders", lambda: calls.append("computed"))
    assert calls == ["computed", "computed"]


def test_an_analysis_of_a_zone_left_alone_is_still_current():
    store = open_store("memory")
    state = store.cache_token()
    _write(store, declared={LEUVEN})
    assert is_current(store, state, GENT) and not is_current(store, state, LEUVEN) and not is_current(store, state)


def test_a_write_by_another_thread_while_zones_are_declared_changes_every_zone():
    store = open_store("memory")
    state = store.cache_token()
    with store.parts_to_declare() as declare:
        other = threading.Thread(target=_write, args=(store,))
        other.start()
        other.join()
        declare({LEUVEN})
    assert store.cache_token() != state and store.parts_written_since(state) is None


def test_a_stale_answer_is_recomputed_at_most_as_often_as_asked():
    store = open_store("memory")
    calls = []
    cached(store, "analysis", lambda: "first", stale_while_recomputing=True, recompute_every_s=3600)
    _write(store)
    answer = cached(store, "analysis", lambda: calls.append("again") or "second", stale_while_recomputing=True,
                    recompute_every_s=3600)
    time.sleep(0.1)
    assert answer == "first" and calls == []


def test_an_answer_the_caller_does_not_want_kept_is_computed_again():
    store = open_store("memory")
    calls = []
    for _ in range(2):
        cached(store, "big answer", lambda: calls.append("computed") or "x" * 100, keep_if=lambda answer: len(answer) < 10)
    assert calls == ["computed", "computed"]


def held_computation():
    """A computation that counts its calls and answers "ready" once ``release`` is set."""
    release = threading.Event()
    calls = []

    def compute():
        calls.append("computed")
        release.wait(timeout=10)
        return "ready"

    return compute, release, calls


def test_a_caller_who_will_not_wait_long_hears_the_answer_is_still_being_computed():
    store = open_store("memory")
    slow, release, calls = held_computation()
    with pytest.raises(StillComputing) as pending:
        cached(store, "analysis", slow, stale_while_recomputing=True, wait_s=0.05)
    assert pending.value.since.tzinfo is not None
    release.set()
    assert cached(store, "analysis", slow, stale_while_recomputing=True, wait_s=5) == "ready"
    assert calls == ["computed"]


def test_a_caller_asking_again_meanwhile_joins_the_computation_under_way():
    store = open_store("memory")
    slow, release, calls = held_computation()
    for _ in range(3):
        with pytest.raises(StillComputing):
            cached(store, "analysis", slow, wait_s=0.01)
    release.set()
    assert cached(store, "analysis", slow, wait_s=5) == "ready"
    assert calls == ["computed"]


def test_a_failure_in_the_background_reaches_the_caller_who_waits():
    store = open_store("memory")

    def broken():
        raise RuntimeError("kapot")

    with pytest.raises(RuntimeError, match="kapot"):
        cached(store, "analysis", broken, wait_s=5)


def test_still_computing_says_since_when_as_the_clock_in_brussels_shows_it():
    # 21:47 UTC on 30 November is 22:47 in Brussels.
    message = str(StillComputing(datetime(2026, 11, 30, 21, 47, tzinfo=timezone.utc)))
    assert "(sinds 22.47 uur)" in message and "(since 22:47)" in message
    assert "21:47" not in message and "21.47" not in message
