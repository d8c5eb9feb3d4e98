"""Mapping export names to members through member_aliases."""

from __future__ import annotations

from pipelines.importers.aliases import AliasIndex, normalise, split_original_name

ROWS = [("Alice Smith", None, "P01"), ("alice smith", "M1", "P04"), ("bob@nhs.net", "", "P02"),
        ("SPEAKER_00", "M1", "P01"), ("SPEAKER_00", "M2", "P03"), ("Sam Lee", None, "P05"),
        ("sam lee", "", "P06")]


def test_suffixes_case_and_spaces_are_ignored():
    """`  ALICE  Smith (External) (Guest)` compares equal to `alice smith`."""
    assert "alice smith" == normalise("  ALICE  Smith (External) (Guest)")


def test_meeting_specific_alias_wins():
    """In M1 `Alice Smith` is P04 (meeting alias); in M2 the general alias P01."""
    m1, m2 = AliasIndex.from_rows(ROWS, "M1"), AliasIndex.from_rows(ROWS, "M2")
    assert ("P04", "P01") == (m1.resolve(["Alice Smith (Unverified)"]), m2.resolve(["Alice Smith"]))


def test_email_matches_case_insensitively():
    """`Bob.Jones` with e-mail `BOB@nhs.net` is found by the e-mail alias."""
    index = AliasIndex.from_rows(ROWS, "M1")
    assert "P02" == index.resolve(["Bob Jones", "BOB@nhs.net"])


def test_labels_use_meeting_aliases_only():
    """SPEAKER_00 is P01 in M1, P03 in M2, and nothing in M3."""
    found = [AliasIndex.from_rows(ROWS, m).resolve(["SPEAKER_00"], meeting_only=True)
             for m in ("M1", "M2", "M3")]
    assert ["P01", "P03", None] == found


def test_alias_pointing_at_two_members_is_not_a_guess():
    """`Sam Lee` is an alias of both P05 and P06: unresolved, both listed as conflicting."""
    index = AliasIndex.from_rows(ROWS, "M1")
    assert (None, ["P05", "P06"]) == (index.resolve(["Sam Lee"]), index.conflicting(["Sam Lee"]))


def test_suggestions_are_the_closest_aliases():
    """`Alice Smyth` is closest to `Alice Smith`: P04 (meeting alias) and P01 suggested."""
    suggestions = AliasIndex.from_rows(ROWS, "M1").suggest("Alice Smyth")
    assert ["P01", "P04"] == sorted(s.member_id for s in suggestions[:2])


def test_suggestions_come_only_from_the_meetings_cop():
    """Limited to the CoP's members {P01, P02}, `Alice Smyth` suggests P01 only: P04's alias
    is as close, but P04 is not a member of that CoP and could not be loaded for it."""
    index = AliasIndex.from_rows(ROWS, "M1", suggest_among=frozenset({"P01", "P02"}))
    assert ["P01"] == [s.member_id for s in index.suggest("Alice Smyth")]


def test_zoom_original_name_split():
    """`Bob's iPad (Bob Jones) (Guest)`: the suffix goes, then both names are offered."""
    assert ("Bob's iPad (Bob Jones)", "Bob's iPad", "Bob Jones") == split_original_name(
        "Bob's iPad (Bob Jones) (Guest)")


def test_ext_suffix_and_html_entities_are_ignored():
    """`Bob Jones (EXT)` is `Bob Jones`; `Carlos Far&#237;as` (an alias typed with the entity
    as a workaround) is `Carlos Farías`."""
    assert ("bob jones", "carlos farías") == (normalise("Bob Jones (EXT)"),
                                              normalise("Carlos Far&#237;as"))
