"""Rules of the conversation found by the blind rounds of 7 December (23 to 25), each played
with the real model on the shipped knowledge, in phrasings of our own (not the rounds'): one
conversation a rule, its expected answer in the test (`talk`: tests/integration/conftest.py)."""

from __future__ import annotations


def test_an_ask_stated_per_month_is_checked_in_the_year(talk):
    answer = talk("our mid-level finalist is after 11,000 dollars monthly, fair?")
    assert answer.answered and "$132,000 a year" in answer.text  # 12 × $11,000
    assert "$6,000" in answer.text  # below $138,000
    assert "× 12" in answer.text  # its working


def test_a_day_rate_and_an_hourly_rate_are_put_in_the_year(talk):
    answer = talk("a senior candidate quotes $650 per working day - vs the senior figure?")
    assert answer.answered and "$169,000" in answer.text  # 260 × $650
    answer = talk("how does $80 an hour compare with the New York number?")
    assert answer.answered and "$166,400" in answer.text  # 2,080 × $80
    assert "$12,800" in answer.text  # above $153,600


def test_a_monthly_budget_affords_people_at_the_yearly_figure(talk):
    answer = talk("with a monthly budget of €15,000, how many AI engineers in France can we pay?")
    assert answer.answered and "€180,000" in answer.text  # 12 × €15,000
    assert "3 AI engineers in France" in answer.text and "€5,700" in answer.text


def test_an_amount_asked_in_a_period_is_still_converted(talk):
    answer = talk("what's $156,000 a month?")
    assert answer.answered and "$13,000" in answer.text


def test_an_ask_said_back_is_set_against_the_figure_named_next(talk):
    answer = talk("she wants $160,000 - over the mid-level figure?",
                  "and how far above the Boston number is that?")
    assert answer.answered and "$6,500" in answer.text  # $166,500 − $160,000
    assert "below" in answer.text


def test_a_kit_for_a_city_says_the_country_whose_figure_it_quotes(talk):
    answer = talk("draft a job ad for a junior AI engineer based in Manchester")
    assert answer.kind == "kit" and answer.data["location"] == "Manchester, UK"
    assert "£60,646" in answer.text


def test_a_contractor_s_day_rate_stays_a_gap(talk):
    answer = talk("a freelance AI engineer quotes $650 per day, is that normal?")
    assert not answer.answered and answer.reason == "not_covered"


def test_a_raise_for_everyone_on_a_team_is_the_bill_with_it_over_the_years_asked(talk):
    team = "what's the yearly cost of 2 mid-level and 2 junior AI engineers?"
    answer = talk(team, "and if each of them got a 5% raise?")
    assert answer.answered and "$550,200" in answer.text  # $524,000 × 105%
    assert "× 105%" in answer.text
    answer = talk(team, "and if each of them got a 5% raise?", "over two years with that?")
    assert answer.answered and "$1,100,400" in answer.text


def test_a_word_of_age_before_a_title_is_who_the_person_is_not_a_profession(talk):
    answer = talk("our favourite is an older developer retraining into ML - which certificates "
                  "should we ask about?")
    assert answer.answered and answer.reason != "out_of_scope"
    assert "Google" in answer.text or "IBM" in answer.text


def test_a_topic_asked_of_a_level_is_the_topic_not_the_level_s_figure(talk):
    answer = talk("which skills should a mid-level machine learning engineer bring?")
    assert answer.answered and "Python" in answer.text
    assert "$138,000" not in answer.text
    answer = talk("what does a mid-level machine learning engineer earn?")
    assert answer.answered and "$138,000" in answer.text


def test_certifications_for_a_role_named_by_another_name_are_the_overview(talk):
    answer = talk("which certs carry weight for a machine learning engineer?")
    assert answer.answered
    assert sum(name in answer.text for name in ("Azure", "Intel", "Google", "IBM")) >= 3


def test_a_named_person_s_pay_is_declined_with_the_profile_s_own_line(talk):
    answer = talk("How much is Tomasz Wierzbicki making at Spotify right now?")
    assert not answer.answered and answer.reason == "declined"
    assert "named person" in answer.text  # knowledge/profile.yml: decline_person
    answer = talk("how much do Spotify AI engineers in New York make?")
    assert answer.answered and "$153,600" in answer.text


def test_the_money_short_of_one_more_person_after_a_budget(talk):
    budget = "our budget is $600k: how many mid-level AI engineers does it pay for?"
    answer = talk(budget, "and how much extra would a fifth one take?")
    assert answer.answered and "$90,000 over" in answer.text  # 5 × $138,000 − $600,000
    answer = talk(budget, "what would one more cost us on top?")
    assert answer.answered and "$90,000 over" in answer.text  # 4 fit: one more is the 5th
    answer = talk(budget, "how much more for a 4th in Boston?")
    assert answer.answered and "$66,000 over" in answer.text  # 4 × $166,500 − $600,000


def test_two_counted_teams_side_by_side_give_each_total_and_the_gap(talk):
    answer = talk("3 seniors versus 4 juniors, what does each team cost a year?")
    assert answer.answered and "$453,000" in answer.text and "$496,000" in answer.text
    assert "$43,000" in answer.text


def test_questions_told_in_a_long_message_are_answered_each(talk):
    answer = talk("I lead people ops at a 90-person insurer in Leeds and we plan two AI hires "
                  "next quarter. Finance keeps asking me what these engineers cost in the UK, "
                  "and our COO wants to know whether to keep the work in-house or use an "
                  "outside team. Also, what signing bonus is usual?")
    assert answer.answered and "£60,646" in answer.text
    assert "outstaff" in answer.text  # the team model, not the UK figure again
    assert "bonus" in answer.text  # the part the knowledge lacks, said so


def test_what_two_cost_together_is_their_total(talk):
    answer = talk("a senior and a mid-level AI engineer: what do they cost together a year?")
    assert answer.answered and "$289,000" in answer.text


def test_a_list_stays_pointed_into_while_the_talk_is_about_its_items(talk):
    answer = talk("which certifications does the guide name?",
                  "which of those is about edge hardware?",
                  "and which frameworks does it cover?",
                  "ok, and the last one on that list?")
    assert answer.answered and "Google" in answer.text


def test_a_gap_as_a_share_of_the_ask_takes_the_ask_as_its_base(talk):
    answer = talk("our mid-level pick wants $150,000: how does that sit against the figure?",
                  "what's the gap as a percentage of her own ask?")
    assert answer.answered and "8.0%" in answer.text  # $12,000 ÷ $150,000
    assert "$150,000" in answer.text


def test_a_source_named_of_the_figure_shown_is_that_figure_s_source(talk):
    answer = talk("what's a junior paid?", "is that from Xenoss's own data?")
    assert answer.answered and "Glassdoor" in answer.text and "$124,000" in answer.text
    assert "£60,646" not in answer.text  # not every figure the blog gives itself


def test_a_source_s_figures_asked_by_its_name(talk):
    answer = talk("what are the Glassdoor numbers?")
    assert answer.answered and "$151,000" in answer.text and "$124,000" in answer.text


def test_a_short_versus_after_an_ask_sets_the_ask_against_the_figure_named(talk):
    answer = talk("a candidate wants $145,000: fair for a mid-level?", "vs the senior figure?")
    assert answer.answered and "$6,000" in answer.text and "below" in answer.text


def test_a_place_said_as_not_meant_moves_only_the_people_there(talk):
    answer = talk("one AI engineer in New York and two in Bellevue: yearly total?",
                  "sorry, Boston not Bellevue")
    assert answer.answered and "$486,600" in answer.text  # 2 × $166,500 + $153,600


def test_a_budget_said_as_what_some_people_cost(talk):
    answer = talk("for the price of three seniors, how many mid-level AI engineers could we "
                  "take on?")
    assert answer.answered and "$453,000" in answer.text  # 3 × $151,000
    assert "3 mid-level AI engineers" in answer.text and "$39,000" in answer.text
