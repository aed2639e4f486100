"""Warm paths and the referral tree: hand-edited links, cycles, and size."""

from __future__ import annotations

from coffeechat.core.models import Interview, Person, Referral
from coffeechat.core.network import PeopleGraph, referral_forest, referral_parents


def people(**spec: Person) -> dict[str, Person]:
    return dict(spec)


def test_direct_contacts_match_company_or_title_case_insensitively():
    graph = PeopleGraph(people(
        ana=Person(name="Ana", company="Aritzia", title="Buyer"),
        bo=Person(name="Bo", company="Shopify", title="Product Manager"),
        cy=Person(name="Cy", company="Telus", title="Nurse"),
    ).items())
    assert graph.warm_paths("ARITZIA").direct == ["ana"]
    assert graph.warm_paths("product man").direct == ["bo"]
    assert graph.warm_paths("   ").direct == []


def test_paths_through_knows_and_introduced_by_ranked_by_length():
    graph = PeopleGraph(people(
        target=Person(name="Tia", company="Aritzia"),
        knower=Person(name="Kim", knows=["target"]),
        friend=Person(name="Fay", knows=["knower"]),
        # Tia introduced Ivy: Ivy can reach Tia back.
        ivy=Person(name="Ivy", introduced_by="target"),
        far=Person(name="Far", knows=["friend"]),
        farther=Person(name="Farther", knows=["far"]),
    ).items())
    result = graph.warm_paths("aritzia")
    assert result.direct == ["target"]
    assert result.paths == [
        ["ivy", "target"],
        ["knower", "target"],
        ["friend", "knower", "target"],
        ["far", "friend", "knower", "target"],
    ]
    longer = graph.warm_paths("aritzia", max_hops=4).paths
    assert ["farther", "far", "friend", "knower", "target"] in longer


def test_introducer_reaches_the_person_they_introduced():
    graph = PeopleGraph(people(
        target=Person(name="Tia", company="Aritzia", introduced_by="intro"),
        intro=Person(name="Ian"),
    ).items())
    assert graph.warm_paths("aritzia").paths == [["intro", "target"]]


def test_knows_is_one_way():
    graph = PeopleGraph(people(
        target=Person(name="Tia", company="Aritzia", knows=["other"]),
        other=Person(name="Oz"),
    ).items())
    assert graph.warm_paths("aritzia").paths == []


def test_cycles_self_links_and_dangling_slugs_are_harmless():
    graph = PeopleGraph(people(
        target=Person(name="Tia", company="Aritzia", knows=["target", "ghost"]),
        a=Person(name="A", knows=["b", "target", "a"], introduced_by="a"),
        b=Person(name="B", knows=["a"], introduced_by="nobody"),
    ).items())
    result = graph.warm_paths("aritzia")
    assert result.paths == [["a", "target"], ["b", "a", "target"]]


def test_limit_caps_the_paths():
    spec = {"target": Person(name="T", company="Aritzia")}
    spec.update({f"p{i}": Person(name=f"P{i}", knows=["target"]) for i in range(50)})
    assert len(PeopleGraph(spec.items()).warm_paths("aritzia", limit=10).paths) == 10


def test_referral_forest_counts_branches():
    cast = people(
        root=Person(name="Root"),
        kid=Person(name="Kid", introduced_by="root"),
        grandkid=Person(name="Grandkid"),
        loner=Person(name="Loner"),
    )
    interviews = [
        Interview(person="root", status="done"),
        Interview(person="kid", status="done", referrals=[Referral(person="grandkid")]),
        Interview(person="grandkid", status="done"),
        Interview(person="grandkid", status="asked"),
    ]
    [root] = referral_forest(cast, interviews)
    assert (root.slug, root.conversations, root.names) == ("root", 3, 2)
    [kid] = root.children
    assert (kid.slug, kid.conversations, kid.names) == ("kid", 2, 1)
    assert kid.children[0].slug == "grandkid"


def test_referral_cycles_are_cut_and_nothing_is_lost():
    cast = people(
        a=Person(name="A", introduced_by="b"),
        b=Person(name="B", introduced_by="c"),
        c=Person(name="C", introduced_by="a"),
        me=Person(name="Me", introduced_by="me"),
        ghost_child=Person(name="G", introduced_by="ghost"),
    )
    parents = referral_parents(cast, [])
    assert "a" not in parents  # the smallest slug of the loop becomes a root
    assert parents == {"b": "c", "c": "a"}
    [root] = referral_forest(cast, [])
    assert root.slug == "a" and root.names == 2


def test_ten_thousand_people_are_walked_whole():
    spec = {}
    for i in range(10_000):
        knows = [f"p{(i * 7 + 3) % 10_000}", f"p{(i * 13 + 1) % 10_000}"]
        spec[f"p{i}"] = Person(
            name=f"Person {i}", company="Aritzia" if i % 500 == 0 else f"Co {i % 97}",
            title="Product Manager" if i % 333 == 0 else "Analyst", knows=knows,
            introduced_by=f"p{i // 2}" if i else "",
        )
    graph = PeopleGraph(spec.items())
    result = graph.warm_paths("aritzia")
    forest = referral_forest(spec, [Interview(person=f"p{i}", status="done")
                                    for i in range(0, 10_000, 5)])
    # Its speed is measured by benchmarks/bench_screens.py (warm paths), not here.
    assert len(result.direct) == 20 and result.paths
    assert forest[0].names == 9_999
