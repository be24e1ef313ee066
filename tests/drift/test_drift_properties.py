"""Properties: normalisation ignores order; a state compared with itself has no drift."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from scanner.drift.run import code_vs_cloud
from scanner.drift.values import SAME, compare
from scanner.promises import PromiseSet
from scanner.state import Kind, Value
from tests.drift.conftest import as_cloud, code_state

actions = st.lists(
    st.sampled_from(["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:*"]), min_size=1, max_size=4
)
principals = st.one_of(
    st.just("*"), st.lists(st.from_regex(r"\d{12}", fullmatch=True), min_size=1, max_size=3)
)
statement = st.fixed_dictionaries(
    {
        "Effect": st.sampled_from(["Allow", "Deny"]),
        "Action": actions,
        "Principal": principals.map(lambda p: {"AWS": p}),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(statement, min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_policy_comparison_ignores_order(statements: list[dict], rnd: random.Random) -> None:
    shuffled = []
    for s in statements:
        s = {k: (rnd.sample(v, len(v)) if isinstance(v, list) else v) for k, v in reversed(list(s.items()))}
        shuffled.append(s)
    rnd.shuffle(shuffled)
    doc, other = {"Statement": statements}, {"Statement": shuffled}
    assert compare(Kind.OBJECT_STORE, "policy", Value(doc), Value(other), "code", "cloud").outcome == SAME


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fixed_dictionaries({"id": st.text(max_size=3), "expiration_days": st.integers(1, 400)}), max_size=5),
       st.randoms(use_true_random=False))  # fmt: skip
def test_rule_lists_compare_as_sets(rules: list[dict], rnd: random.Random) -> None:
    other = rnd.sample(rules, len(rules))
    assert compare(Kind.OBJECT_STORE, "lifecycle_rules", Value(rules), Value(other), "a", "b").outcome == SAME


def test_a_state_against_itself_by_address_has_no_drift(promise_set: PromiseSet) -> None:
    from scanner.drift.compare import compare_saved_states
    from scanner.drift.relevance import Relevance
    from scanner.engine.catalogue import load_catalogue

    cloud = as_cloud(code_state())
    result = compare_saved_states(cloud, cloud, Relevance(load_catalogue(), promise_set))
    assert result.items == []
    assert code_vs_cloud(cloud, cloud, promise_set).items == []
