"""Step 7: the impact suggested from a gap's size (target − current, weighted by importance)."""

import pytest

from actions.suggestion import IMPACT_STEPS, Shortfall, gap_facts, gap_size, suggested_impact
from tests.actions.step7_data import step7_workshop

# --- The pure rule ------------------------------------------------------------------------------------------


def test_nothing_known_suggests_nothing():
    assert suggested_impact([]) is None
    assert suggested_impact([Shortfall(current=None, target=3, importance=5)]) is None  # no scores
    assert suggested_impact([Shortfall(current=-2, target=None, importance=5)]) is None  # no target


def test_a_most_important_touchpoint_five_points_short_is_a_five():
    assert suggested_impact([Shortfall(current=-2, target=3, importance=5)]) == 5


def test_importance_weighs_the_shortfall():
    # The same 5-point shortfall at importance 1 counts for a fifth: size 1.0, impact 2.
    assert gap_size([Shortfall(current=-2, target=3, importance=1)]) == 1.0
    assert suggested_impact([Shortfall(current=-2, target=3, importance=1)]) == 2
    assert suggested_impact([Shortfall(current=-2, target=3, importance=3)]) == 3  # size 3.0


def test_a_touchpoint_already_at_or_above_its_target_adds_nothing():
    assert gap_size([Shortfall(current=4, target=2, importance=5)]) == 0
    assert suggested_impact([Shortfall(current=4, target=2, importance=5)]) == 1


def test_shortfalls_of_several_touchpoints_add_up_and_unknown_ones_are_left_out():
    shortfalls = [Shortfall(current=0, target=2, importance=5),  # 2.0
                  Shortfall(current=1.5, target=3, importance=5),  # 1.5
                  Shortfall(current=None, target=3, importance=5)]  # unknown
    assert gap_size(shortfalls) == 3.5
    assert suggested_impact(shortfalls) == 4


@pytest.mark.parametrize("size,impact", [(0, 1), (0.99, 1), (1, 2), (1.99, 2), (2, 3), (3.49, 3), (3.5, 4),
                                         (4.99, 4), (5, 5), (10, 5)])
def test_the_size_steps(size, impact):
    assert IMPACT_STEPS == (1.0, 2.0, 3.5, 5.0)
    # One touchpoint of full importance whose shortfall is exactly ``size``.
    assert suggested_impact([Shortfall(current=-size, target=0, importance=5)]) == impact


def test_the_scale_never_leaves_one_to_five():
    worst = [Shortfall(current=-5, target=5, importance=5)] * 20
    assert suggested_impact(worst) == 5
    assert suggested_impact([Shortfall(current=5, target=-5, importance=5)]) == 1


# --- From a real journey ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_gap_facts_read_the_ideal_targets_the_baseline_and_importance(team, facilitator, django_assert_num_queries):
    data = step7_workshop(team, facilitator)
    gaps = data["gaps"]
    # the gaps' touchpoints, the ideal's copies (targets), the baseline, its emotion stats
    with django_assert_num_queries(4):
        facts = gap_facts(data["journey"])
    # Bevestigingsmail: −2 → +3 at importance 5: size 5, impact 5; its touchpoint ticked in the form.
    assert (facts[gaps["delivery"].pk].size, facts[gaps["delivery"].pk].impact) == (5.0, 5)
    assert facts[gaps["delivery"].pk].touchpoint_ids == (data["mail"].pk,)
    # Maattabel: +1 → +2 at importance 2: size 0.4, impact 1.
    assert (facts[gaps["size"].pk].size, facts[gaps["size"].pk].impact) == (0.4, 1)
    # New in the ideal: nothing there now (0) → +3 at importance 4: size 2.4, impact 3; nothing to tick.
    assert (facts[gaps["sms"].pk].size, facts[gaps["sms"].pk].impact) == (2.4, 3)
    assert facts[gaps["sms"].pk].touchpoint_ids == ()
    assert gaps["loose"].pk not in facts  # no touchpoints: no suggestion


@pytest.mark.django_db
def test_a_touchpoint_without_scores_or_target_gives_no_suggestion(team, facilitator):
    data = step7_workshop(team, facilitator)
    from journeys.models import EmotionRating, Touchpoint

    EmotionRating.objects.filter(touchpoint=data["mail"]).delete()
    Touchpoint.objects.filter(source=data["size"]).update(target_emotion=None)
    facts = gap_facts(data["journey"])
    assert facts[data["gaps"]["delivery"].pk].impact is None
    assert facts[data["gaps"]["size"].pk].impact is None
