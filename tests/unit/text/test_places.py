"""Places: the nearest known place to one asked about, and the table of places."""

from __future__ import annotations


def test_nearest_place_prefers_country_then_state_then_continent():
    from api.text.places import gazetteer, nearest

    g = gazetteer()
    known = {k: g.lookup(name) for k, name in
             {"uk": "UK", "fr": "France", "bos": "Boston, MA", "bel": "Bellevue, WA"}.items()}
    assert nearest(g.lookup("London"), known) == (["uk"], "country")
    assert nearest(g.lookup("Seattle"), known) == (["bel"], "state")
    assert nearest(g.lookup("Texas"), known) == (["bos", "bel"], "in country")
    assert nearest(g.lookup("Toronto"), known) == (["bos", "bel"], "continent")
    assert nearest(g.lookup("India"), known) == ([], "")


def test_the_place_table_keeps_each_place_once() -> None:
    """Several spellings of a place share one object, so the table stays small per worker."""
    from api.text.places import gazetteer

    g = gazetteer()
    (_, _, us), = g.find(["usa"])
    (_, _, america), = g.find(["america"])
    assert us is america and us.country == "US"
