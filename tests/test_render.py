"""Rendering pages: the environment's quicker attribute lookup returns what Jinja's own does."""

from __future__ import annotations

import jinja2
import pytest

from generator.render import make_environment

TEMPLATE = "{{ d.title }}|{{ d.items is callable }}|{{ d.missing is defined }}|{{ d.get('title') }}|{{ s.upper() }}"


@pytest.mark.parametrize(
    "data",
    [
        {"title": "A <b>"},
        {"title": "A", "items": "a key named like a dict method", "get": "another"},
        {"title": None, "missing": 1},
    ],
)
def test_attribute_lookup_is_jinjas(data: dict) -> None:
    ours = make_environment({"t.html": (TEMPLATE, "t.html")}).get_template("t.html")
    stock = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    assert ours.render(d=data, s="x") == stock.render(d=data, s="x")
