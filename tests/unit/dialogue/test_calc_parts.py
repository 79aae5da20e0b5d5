"""Which people of a team a follow-up names (api.dialogue.calc_turns); made-up parts."""

from __future__ import annotations

from api.dialogue.team_changes import same_figure
from api.understand.plan import Part


def test_a_part_whose_role_went_unsaid_is_the_same_figure_as_the_named_role():
    # "1 sr, 2 mid, 2 jr" names no role; "swap one of the jrs" is read with the frame's role.
    team = Part(count=2.0, role="", level="junior")
    assert same_figure(team, Part(count=1.0, role="widget-maker", level="junior"))
    assert same_figure(Part(role="widget-maker", level="junior"), Part(level="junior"))
    assert not same_figure(team, Part(role="widget-maker", level="senior"))
    assert not same_figure(Part(role="a", level="junior"), Part(role="b", level="junior"))
