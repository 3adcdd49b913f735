"""Turn the graph layer's refusals into HTTP answers: unknown things 404, unreadable input 422.

The messages come from :mod:`graph.lookup` and already say, in Dutch then English, what went
wrong and how to find the right id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException

from api.models import Problem
from graph.lookup import NotFound

T = TypeVar("T")
PROBLEMS = {404: {"model": Problem, "description": "Niet gevonden / Not found"},
            422: {"description": "Ongeldige invoer / Invalid input"}}


def answer(function: Callable[..., T], *args, **kwargs) -> T:
    """Call a graph function; ``NotFound`` becomes 404 and ``ValueError`` 422, with its message."""
    try:
        return function(*args, **kwargs)
    except NotFound as error:
        raise HTTPException(status_code=404, detail=str(error)) from error
    except ValueError as error:
        raise HTTPException(status_code=422, detail=str(error)) from error
