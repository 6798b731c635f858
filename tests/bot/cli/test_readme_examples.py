"""The documented example conversations (README.md, docs/ask-door.md) are what the current
code answers on the sample data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli.readme_examples import TARGETS, Transcript, apply, generate

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def transcripts() -> list[Transcript]:
    return generate()


@pytest.mark.parametrize("rel", sorted(TARGETS))
def test_the_documented_examples_are_up_to_date(rel: str, transcripts: list[Transcript]) -> None:
    by = {t.name: t for t in transcripts}
    text = (ROOT / rel).read_text(encoding="utf-8")
    fresh = apply(text, [by[n] for n in TARGETS[rel]])
    assert fresh == text, f"{rel} usang: jalankan `talenta dokumentasi contoh`"


def test_the_examples_show_what_the_readme_promises(transcripts: list[Transcript]) -> None:
    by = {t.name: t.text for t in transcripts}
    # A Kabag post: candidates are listed, none of them a Sekda or a Kepala Biro (a demotion).
    assert "Kandidat untuk: Kepala Bagian" in by["kandidat"]
    listed = re.findall(r"^\d+\. .+\n(.+) · ", by["kandidat"], re.MULTILINE)
    assert listed and not any(j.startswith(("Sekretaris Daerah", "Kepala Biro")) for j in listed), (
        listed
    )
    # The ASN of the example exists in the sample data: their own profile is shown.
    nip = re.search(r"--nip (\d{18})", by["asn"])
    assert nip and f"NIP {nip.group(1)}" in by["asn"] and "Profil talenta Anda" in by["asn"]
    assert "Peluang jabatan untuk Anda" in by["asn"]
    # Regulation answers cite by name and article, never by raw citation id.
    assert "PP 11/2017 Pasal" in by["regulasi"]
    assert '"intent": "cek_aturan"' in by["ask-regulasi"]
    assert '"intent": "peluang"' in by["ask-peluang"] and nip.group(1) in by["ask-peluang"]
    for text in by.values():
        assert not re.search(r"\[[a-z0-9]+(-[a-z0-9]+)+[^\]]*\]", text), text


def test_a_missing_marker_is_an_error_not_a_silent_skip() -> None:
    with pytest.raises(ValueError, match="contoh:x"):
        apply("no markers here", [Transcript("x", "body")])
    done = apply("a\n<!-- contoh:x -->\nold\n<!-- /contoh:x -->\nb", [Transcript("x", "new")])
    assert done == "a\n<!-- contoh:x -->\nnew\n<!-- /contoh:x -->\nb"


def test_the_command_finds_a_stale_copy_and_rewrites_it(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    for rel in TARGETS:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text((ROOT / rel).read_text(encoding="utf-8"), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("Kandidat untuk:", "Kandidat lama untuk:"),
        encoding="utf-8",
    )
    runner = CliRunner()
    checked = runner.invoke(app, ["dokumentasi", "contoh", "--folder", str(tmp_path), "--periksa"])
    assert checked.exit_code == 1 and "Usang" in checked.output, checked.output
    fixed = runner.invoke(app, ["dokumentasi", "contoh", "--folder", str(tmp_path)])
    assert fixed.exit_code == 0, fixed.output
    assert readme.read_text(encoding="utf-8") == (ROOT / "README.md").read_text(encoding="utf-8")
