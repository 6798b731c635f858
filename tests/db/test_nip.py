"""NIP validation (FACTS.md §11.2): property-based round trips, corruption, spreadsheet damage."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from db.nip import (
    MIN_WORKING_AGE,
    SPREADSHEET_ADVICE,
    NipError,
    check_nip_date,
    is_spreadsheet_mangled,
    mismatches,
    parse_nip,
)


@st.composite
def valid_nips(draw: st.DrawFn) -> tuple[str, date, tuple[int, int], str]:
    lahir = draw(st.dates(min_value=date(1950, 1, 1), max_value=date(2004, 12, 31)))
    year = draw(st.integers(lahir.year + MIN_WORKING_AGE + 1, 2025))
    month = draw(st.integers(1, 12))
    sex = draw(st.sampled_from("LP"))
    serial = draw(st.integers(1, 999))
    nip = f"{lahir:%Y%m%d}{year:04d}{month:02d}{'1' if sex == 'L' else '2'}{serial:03d}"
    return nip, lahir, (year, month), sex


@given(valid_nips())
def test_valid_nip_round_trips(case: tuple[str, date, tuple[int, int], str]) -> None:
    nip, lahir, tmt, sex = case
    parsed = parse_nip(nip)
    assert (parsed.value, parsed.lahir, parsed.tmt_cpns, parsed.jenis_kelamin) == (
        nip,
        lahir,
        tmt,
        sex,
    )
    assert not parsed.pppk
    assert mismatches(parsed, tanggal_lahir=lahir, jenis_kelamin=sex) == []
    assert check_nip_date(parsed, date(2026, 1, 1)) is None


@given(valid_nips(), st.integers(0, 17), st.sampled_from("0123456789xO -"))
def test_any_single_corruption_is_caught_or_still_consistent(
    case: tuple[str, date, tuple[int, int], str], pos: int, ch: str
) -> None:
    """Replacing one character either breaks the NIP or yields another self-consistent NIP."""
    nip = case[0]
    bad = nip[:pos] + ch + nip[pos + 1 :]
    assume(bad != nip)
    try:
        parsed = parse_nip(bad)
    except NipError:
        return
    # Still valid: then every block must decode to what the digits say.
    assert parsed.lahir == date(int(bad[:4]), int(bad[4:6]), int(bad[6:8]))
    assert parsed.tmt_cpns == (int(bad[8:12]), int(bad[12:14]))
    assert bad[14] in "12" and bad[15:] != "000"


@given(valid_nips(), st.sampled_from(["drop", "extra", "letter", "space"]))
def test_structural_damage_is_an_error(
    case: tuple[str, date, tuple[int, int], str], how: str
) -> None:
    nip = case[0]
    bad = {
        "drop": nip[:-1],
        "extra": nip + "1",
        "letter": nip[:5] + "A" + nip[6:],
        "space": nip[:8] + " " + nip[8:],
    }[how]
    with pytest.raises(NipError):
        parse_nip(bad)


@given(valid_nips())
def test_spreadsheet_mangled_forms_get_their_own_message(
    case: tuple[str, date, tuple[int, int], str],
) -> None:
    nip = case[0]
    as_float = float(nip)
    forms = [
        f"{as_float:.5E}",  # 1.98609E+17, what Excel shows in a General cell
        repr(as_float),  # 1.9860926201505101e+17
        nip[:15] + "000",  # 15 significant digits kept, the rest zeros
        nip + ".0",  # a float written back as text
    ]
    for form in forms:
        assert is_spreadsheet_mangled(form), form
        with pytest.raises(NipError) as exc:
            parse_nip(form)
        assert str(exc.value) == SPREADSHEET_ADVICE
        assert "Teks" in str(exc.value)


def test_example_from_facts_sheet() -> None:
    parsed = parse_nip("198609262015051001")
    assert parsed.lahir == date(1986, 9, 26)
    assert parsed.tmt_cpns == (2015, 5)
    assert parsed.jenis_kelamin == "L"


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("198602302015051001", "tanggal lahir"),  # 30 February
        ("198609262015131001", "TMT CPNS"),  # month 13
        ("198609262000051001", "usia kerja minimal"),  # appointed at 13
        ("198609262015053001", "jenis kelamin"),  # digit 15 = 3
        ("18860926201505100", "18 angka"),
    ],
)
def test_each_block_is_checked(nip: str, fragment: str) -> None:
    with pytest.raises(NipError) as exc:
        parse_nip(nip)
    assert fragment in str(exc.value)


def test_future_tmt_cpns_is_reported() -> None:
    parsed = parse_nip("199001012031011001")
    assert check_nip_date(parsed, date(2026, 11, 29)) is not None


def test_pppk_numbers_skip_the_structure_checks() -> None:
    # Not a PNS structure (month 00, digit 15 = 9) but 18 digits: accepted as PPPK.
    parsed = parse_nip("202301009900219912", pppk=True)
    assert parsed.pppk and parsed.lahir is None
    with pytest.raises(NipError):
        parse_nip("202301009900219912")
    with pytest.raises(NipError):
        parse_nip("2023010099002199", pppk=True)
    with pytest.raises(NipError):
        parse_nip("2.02301E+17", pppk=True)


def test_mismatches_name_both_values() -> None:
    parsed = parse_nip("198609262015051001")
    msgs = mismatches(parsed, tanggal_lahir=date(1986, 9, 27), jenis_kelamin="P")
    assert len(msgs) == 2
    assert "1986-09-26" in msgs[0] and "1986-09-27" in msgs[0]
    assert "(L)" in msgs[1] and "(P)" in msgs[1]
