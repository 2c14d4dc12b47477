from evaluation.stats import PairActivity, activity


def pairs(status, count, meetings=2, help_requests=0):
    return [PairActivity(status, meetings, help_requests)] * count


def by_name(figures):
    return {f.statistic: f for f in figures}


def test_it_counts_active_completed_and_ended_pairs_meetings_and_help_requests():
    figures = by_name(
        activity(pairs("active", 10, 3, 1) + pairs("completed", 6, 6) + pairs("ended", 5, 1), k=5)
    )
    assert figures["paires"].value == 21
    assert figures["paires_actives"].value == 10
    assert figures["terminees"].value == 6
    assert figures["arretees"].value == 5
    assert figures["rencontres_par_paire"].value == round((30 + 36 + 5) / 21, 1)
    assert figures["demandes_aide"].value == 10
    assert not any(f.masked for f in figures.values())


def test_a_count_below_k_is_masked_with_a_complement_among_the_statuses():
    figures = by_name(
        activity(pairs("active", 12) + pairs("completed", 6) + pairs("ended", 2), k=5)
    )
    assert figures["arretees"].masked and figures["arretees"].value is None
    # 20 - 12 - 6 would give the 2 away: another status is masked
    assert figures["terminees"].masked
    assert not figures["paires_actives"].masked


def test_a_zero_count_is_shown():
    figures = by_name(activity(pairs("active", 12) + pairs("completed", 6), k=5))
    assert figures["arretees"].value == 0 and not figures["arretees"].masked


def test_help_requests_from_fewer_than_k_pairs_are_masked():
    figures = by_name(activity(pairs("active", 10) + pairs("active", 2, help_requests=7), k=5))
    assert figures["demandes_aide"].masked


def test_fewer_than_k_pairs_masks_everything():
    assert all(f.masked for f in activity(pairs("active", 4), k=5))
