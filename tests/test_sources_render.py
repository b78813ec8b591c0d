"""Reading articles (sources), rendering briefings (render) and atomic output files (files)."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing.errors import EXIT_IO, InputError, IOFailure, UsageError
from briefing.ingest import sources
from briefing.models import (
    Actor,
    Briefing,
    Claim,
    Disagreement,
    Event,
    Provenance,
    Side,
    Source,
    Usage,
)
from briefing.output import files, formats, render

BODY = (
    "Café à Zürich: the mayor said on Monday that the new bridge over the Limmat will open "
    "next spring, according to officials at the Hôtel de Ville.\n"
)

# --- sources.load: refusals


def _write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "the article is empty"),
        (b"   \n\t\r\n  \n", "the article is empty"),
        (b"PK\x03\x04\x14\x00\x00\x00" * 20, "binary file"),
        (b"Some text\x00with a NUL byte in the middle of it, like a binary.", "binary file"),
        (b"\x81\x8d\x8f\x90\x9d" * 20 + b" hello world", "not UTF-8 text"),
        (bytes(range(1, 31)) * 5 + b"\xff", "not UTF-8 text"),
        (codecs.BOM_UTF8 + b"abc \xff def " * 10, "invalid utf-8 text"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8\x41\x00", "invalid utf-16 text"),
        (b"hi there", "too little text"),
    ],
    ids=[
        "empty",
        "whitespace",
        "zip",
        "nul",
        "undecodable",
        "control-bytes",
        "bad-utf8-after-bom",
        "bad-utf16",
        "too-short",
    ],
)
def test_load_refuses_unusable_files(tmp_path: Path, data: bytes, why: str) -> None:
    path = _write(tmp_path, "article.txt", data)
    with pytest.raises(InputError) as info:
        sources.load(path)
    assert info.value.exit_code == 2
    assert isinstance(info.value, UsageError)
    assert str(info.value).startswith(f"{path}: ")
    assert why in str(info.value)


def test_load_refuses_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        sources.load(str(tmp_path))
    assert info.value.exit_code == 2
    assert str(info.value) == f"{tmp_path}: is a directory; give an article file"


def test_load_refuses_missing_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(InputError) as info:
        sources.load(missing)
    assert info.value.exit_code == 2
    assert str(info.value) == f"{missing}: no such file"


def test_load_refuses_oversized_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"word " * (sources.MAX_BYTES // 5 + 1))
    with pytest.raises(InputError, match="larger than 5 MB") as info:
        sources.load(path)
    assert str(info.value).startswith(path)


# --- sources.load: encodings


CP1252_BODY = BODY.replace("said", "said – “quietly” –")


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (BODY.encode("utf-8"), "utf-8", BODY),
        (codecs.BOM_UTF8 + BODY.encode("utf-8"), "utf-8-sig", BODY),
        (BODY.encode("utf-16"), "utf-16", BODY),
        (codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"), "utf-16", BODY),
        (codecs.BOM_UTF16_BE + BODY.encode("utf-16-be"), "utf-16", BODY),
        (BODY.encode("latin-1"), "cp1252", BODY),
        (CP1252_BODY.encode("cp1252"), "cp1252", CP1252_BODY),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-le-bom", "utf16-be-bom", "latin1", "cp1252"],
)
def test_load_decodes(tmp_path: Path, data: bytes, encoding: str, text: str) -> None:
    path = _write(tmp_path, "article.txt", data)
    article = sources.load(path, published="2025-02-13")
    assert article.text == text
    assert "\ufeff" not in article.text
    assert article.encoding == encoding
    assert article.path == path
    assert article.published == "2025-02-13"
    assert article.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_load_keeps_text_exactly(tmp_path: Path) -> None:
    text = "  Line one with “quotes”.\r\n\r\nLine two\twith a tab.  \n\n"
    path = _write(tmp_path, "a.txt", text.encode("utf-8"))
    assert sources.load(path).text == text


def test_load_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    class _Stdin:
        buffer = io.BytesIO(BODY.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", _Stdin())
    article = sources.load("-")
    assert article.text == BODY
    assert article.path is None


# --- render


HOSTILE = "{{ 7*7 }} {% for x in y %}<script>alert(1)</script> [link](http://x)"


def _briefing(headline: str = HOSTILE) -> Briefing:
    return Briefing(
        headline=headline,
        summary="Rutte said <b>bold</b> things & [click](http://evil.example) {{ 7*7 }}.",
        actors=[
            Actor(
                name="Mark Rutte",
                role="NATO Secretary-General",
                kind="person",
                aliases=["Rutte"],
                stance="<img src=x onerror=alert(1)> {% if true %}yes{% endif %}",
                mentions=3,
            )
        ],
        claims=[
            Claim(
                speaker="Mark Rutte",
                statement="Ukraine must be involved",
                quote="Of course <script>x()</script> [Ukraine](http://x) *is* crucial,",
                quote_span=(1, 60),
                grounded=True,
                direct=True,
                evidence_span=(0, 80),
                attribution="evidence",
            ),
            Claim(
                speaker="Pete Hegseth",
                statement="Zelenskyy had no chance of returning to <u>pre-2014</u> borders.",
                grounded=True,
                direct=False,
                evidence_span=(100, 180),
                attribution="evidence",
            ),
        ],
        disagreements=[
            Disagreement(
                topic="Seat at the <table>",
                sides=[
                    Side(actors=["John Healey"], position="No talks without Ukraine"),
                    Side(actors=["Pete Hegseth"], position="Trump negotiates"),
                ],
            )
        ],
        next_events=[
            Event(
                description="Defense ministers meet",
                date="2025-02-13",
                when="Thursday",
                actors=["Mark Rutte"],
            )
        ],
        source=Source(path="article.txt", published="2025-02-13", sha256="0" * 64, chars=2821),
        provenance=Provenance(
            backend="fake",
            model="scripted",
            prompt_version="p1-test",
            generated_at="2025-02-13T10:00:00+00:00",
            duration_s=1.0,
            attempts=1,
            usage=Usage(prompt_tokens=1000, completion_tokens=200),
        ),
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("fmt", [f for f in formats.BRIEFING_FORMATS if f != "ics"])
def test_template_syntax_is_never_evaluated(fmt: str) -> None:
    out = formats.render(_briefing(), fmt)
    assert "49" not in out
    if fmt == "md":
        shown = MarkdownIt("commonmark").render(out)
        assert "{{ 7*7 }} {% for x in y %}" in shown
        assert "{% if true %}yes{% endif %}" in shown
    elif fmt == "html":
        shown = " ".join(_parse(out).text)
        assert "{{ 7*7 }} {% for x in y %}" in shown
        assert "{% if true %}yes{% endif %}" in shown
    elif fmt == "text":
        assert out.splitlines()[0] == HOSTILE
        assert "{% if true %}yes{% endif %}" in out
    else:
        data = json.loads(out)
        assert data["headline"] == HOSTILE
        assert data["actors"][0]["stance"].endswith("{% if true %}yes{% endif %}")


def test_markdown_escapes_markup_and_links() -> None:
    out = render.to_markdown(_briefing())
    html = MarkdownIt("commonmark").render(out)
    tags = {tag for tag, _ in _parse(html).tags}
    assert "script" not in tags
    assert "a" not in tags and "img" not in tags and "b" not in tags and "u" not in tags
    assert "table" not in tags
    shown = "".join(_parse(html).text)
    assert "<script>alert(1)</script> [link](http://x)" in shown
    # Shown alone, the quote drops the comma that joined it to its sentence.
    assert "Of course <script>x()</script> [Ukraine](http://x) *is* crucial”" in shown
    assert "<b>bold</b> things & [click](http://evil.example)" in shown


def test_markdown_structure() -> None:
    out = render.to_markdown(_briefing("NATO allies meet"))
    assert out.startswith("# NATO allies meet\n")
    assert "## What they said" in out and "## Claims" in out
    assert "> — Mark Rutte" in out
    assert "**2025-02-13** Defense ministers meet" in out


@pytest.mark.parametrize("summary", ["- NATO allies met.", "2025. NATO allies met.", "---"])
def test_markdown_summary_never_becomes_block_markup(summary: str) -> None:
    b = _briefing("NATO allies meet").model_copy(update={"summary": summary})
    html = MarkdownIt("commonmark").render(render.to_markdown(b))
    # The document has its own lists and rule; the summary must stay one plain paragraph.
    assert f"<p>{summary}</p>" in html


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>", "\\<script\\>"),
        ("[a](http://x)", "\\[a\\]\\(http://x\\)"),
        ("a & b", "a &amp; b"),
        ("*x* _y_ `z`", "\\*x\\* \\_y\\_ \\`z\\`"),
        ("two\nlines", "two lines"),
        (None, ""),
    ],
)
def test_md_escape(raw: str | None, escaped: str) -> None:
    assert render.md_escape(raw) == escaped


def test_html_is_autoescaped_email_safe_and_inlined() -> None:
    out = render.to_html(_briefing())
    parsed = _parse(out)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags
    assert "<script" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "img" not in tags and "b" not in tags and "u" not in tags
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    # Table layout, at most 640 px wide.
    tables = [attrs for tag, attrs in parsed.tags if tag == "table"]
    assert tables
    assert any(attrs.get("width") == "640" for attrs in tables)
    assert all(attrs.get("role") == "presentation" for attrs in tables)
    # The CSS is inlined into style attributes.
    styled = {tag for tag, attrs in parsed.tags if attrs.get("style")}
    assert {"body", "h1", "blockquote"} <= styled
    h1 = next(attrs for tag, attrs in parsed.tags if tag == "h1")
    assert "font-size: 26px" in (h1["style"] or "")
    # Nothing remote: no links, images or external stylesheets.
    assert not any("href" in attrs or "src" in attrs for _, attrs in parsed.tags)
    text = " ".join(parsed.text)
    assert "Of course <script>x()</script> [Ukraine](http://x) *is* crucial”" in text


def test_text_output_is_plain() -> None:
    out = render.to_text(_briefing("NATO allies meet"))
    lines = out.splitlines()
    assert lines[0] == "NATO allies meet"
    assert lines[1] == "=" * len("NATO allies meet")
    assert "-- Mark Rutte" in out
    assert "* 2025-02-13: Defense ministers meet" in out


CONTRACT = {
    "schema_version",
    "headline",
    "summary",
    "actors",
    "claims",
    "disagreements",
    "next_events",
    "source",
    "provenance",
}


def test_json_contract() -> None:
    data = json.loads(render.to_json(_briefing()))
    assert data["schema_version"] == 1
    assert CONTRACT <= set(data)
    assert set(data) - CONTRACT <= {"notes", "warnings"}
    claim = data["claims"][0]
    assert claim["quote_span"] == [1, 60]
    assert claim["direct"] is True
    assert set(data["source"]) >= {"path", "sha256", "chars", "published"}
    usage = data["provenance"]["usage"]
    assert (usage["prompt_tokens"], usage["completion_tokens"]) == (1000, 200)
    # Round trip: the JSON is the contract.
    assert Briefing.model_validate(data) == _briefing()


def test_unknown_format_is_refused() -> None:
    with pytest.raises(KeyError):
        formats.render(_briefing(), "pdf")


# --- files.write_atomic


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of its own (tmp_path also holds the isolated home)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_atomic_writes_and_leaves_no_temp(folder: Path) -> None:
    target = folder / "out.md"
    files.write_atomic(target, "héllo “world”\n")
    assert target.read_text(encoding="utf-8") == "héllo “world”\n"
    assert _listing(folder) == ["out.md"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_atomic_replaces_and_keeps_mode(folder: Path) -> None:
    target = folder / "out.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    files.write_atomic(str(target), "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _listing(folder) == ["out.md"]


def test_write_atomic_relative_path(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    files.write_atomic("plain.txt", "x")
    assert (folder / "plain.txt").read_text(encoding="utf-8") == "x"
    assert _listing(folder) == ["plain.txt"]


def test_failed_write_keeps_old_file(folder: Path) -> None:
    target = folder / "out.md"
    target.write_text("previous briefing\n", encoding="utf-8")
    with pytest.raises(TypeError):
        files.write_atomic(target, b"not a str")  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "previous briefing\n"
    assert _listing(folder) == ["out.md"]


def test_failed_rename_keeps_old_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "out.md"
    target.write_text("previous briefing\n", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m, pytest.raises(IOFailure) as failed:
        m.setattr(os, "replace", broken_replace)
        files.write_atomic(target, "new briefing that never lands\n")
    # An I/O error naming the file (exit 74), not an internal error.
    assert failed.value.exit_code == EXIT_IO == 74
    assert failed.value.message == (
        f"{target}: cannot write (No space left on device); free some disk space or write elsewhere"
    )
    assert target.read_text(encoding="utf-8") == "previous briefing\n"
    assert _listing(folder) == ["out.md"]


def test_interrupted_write_leaves_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as m, pytest.raises(KeyboardInterrupt):
        m.setattr(os, "fsync", interrupted)
        files.write_atomic(folder / "new.md", "content")
    assert _listing(folder) == []


def test_write_atomic_refuses_missing_folder(folder: Path) -> None:
    target = folder / "missing" / "out.md"
    with pytest.raises(UsageError) as info:
        files.write_atomic(target, "x")
    assert info.value.exit_code == 2
    assert "does not exist" in str(info.value)
    assert str(folder / "missing") in str(info.value)
    assert _listing(folder) == []


def test_write_atomic_refuses_directory_target(folder: Path) -> None:
    (folder / "sub").mkdir()
    with pytest.raises(UsageError, match="is a directory"):
        files.write_atomic(folder / "sub", "x")
    assert _listing(folder) == ["sub"]
    assert _listing(folder / "sub") == []


def _in(b: Briefing, language: str) -> Briefing:
    return b.model_copy(
        update={"provenance": b.provenance.model_copy(update={"language": language})}
    )


def test_a_german_briefing_has_german_headings_in_every_format() -> None:
    b = _in(_briefing(), "German")
    md, text, html = render.to_markdown(b), render.to_text(b), render.to_html(b)
    for heading in ("Wichtige Akteure", "Was sie sagten", "Aussagen", "Streitpunkte"):
        assert f"## {heading}\n" in md
        assert heading.upper() in text
    assert "(Person)" in md and "(person)" not in md
    assert "Quelle: " in md and "Source: " not in md
    assert '<html lang="de">' in html
    assert ">Berichtete Aussagen</h2>" in html and "Key actors" not in html
    assert "Briefing · 13. Feb. 2025" in html
    # English stays the default; a language without translated labels gets English ones.
    for language in ("English", "French"):
        page = render.to_html(_in(_briefing(), language))
        assert ">Key actors</h2>" in page and "Briefing · 13 Feb 2025" in page
