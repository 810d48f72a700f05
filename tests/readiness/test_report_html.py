"""The HTML report, read back with the standard library's parser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from soccheck.readiness.html_report import render
from tests.conftest import CC, EXAMPLES, REPO, TODAY, run_cli
from tests.readiness.conftest import HOSTILE_TITLE, Element, TreeBuilder, model_of, parse_html


def html_of(root: Path, *args: str) -> str:
    run = run_cli("report", root, "--format", "html", "--today", TODAY, *args)
    assert run.exit_code == 0, run.stderr
    return run.stdout


def figures(section: Element) -> list[str]:
    return [li.find("span", "value").all_text for li in section.find_all("li", "figure")]


def tiles(section: Element) -> dict[str, str]:
    """Heatmap tile text -> status class."""
    found = {}
    for tile in section.find_all("a", "tile"):
        (status,) = [c for c in tile.classes if c.startswith("s-")]
        found[tile.text.strip()] = status.removeprefix("s-")
    return found


def test_saas_report_figures_heatmap_and_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # locations are shown relative to the current directory
    doc = parse_html(html_of(EXAMPLES / "saas")).root
    assert doc.find("title").text == "Readiness report: Skyline Insights Platform"
    assert doc.find("h1").text == "Skyline Insights Platform"
    section = doc.by_id("report-soc2-2026")
    assert figures(section) == ["36 / 36", "36 / 36", "20 / 20", "0"]
    assert section.find("p", "verdict").text == (
        "Ready: every applicable criterion is covered by a tested control and no errors are open."
    )
    assert tiles(section) == {c: "tested" for c in [*CC, "A1.1", "A1.2", "A1.3"]}
    matrix = section.find("table", "matrix")
    rows = {
        tr.find("th").text: [td.text for td in tr.find_all("td")]
        for tr in matrix.find("tbody").find_all("tr")
    }
    assert rows == {
        "Security": ["33", "0", "0", "0", "0", "33"],
        "Availability": ["3", "0", "0", "0", "0", "3"],
    }
    cards = doc.by_id("controls").find_all("article", "card")
    assert len(cards) == 20
    ac01 = doc.by_id("control-AC-01")
    facts = {d.find("dt").text: d.find("dd").all_text for d in ac01.find("dl").find_all("div")}
    assert facts["Owner"] == "Security and Compliance (security)"
    assert facts["Criteria"] == "CC6.1, CC6.6"
    assert facts["Defined in"] == "examples/saas/controls/access.yaml:3"
    test_row = ac01.find("table", "tests").find("tbody").find("tr")
    assert [c.all_text for c in test_row.children] == [
        "T-AC-01-2026",
        "operating, reperformance",
        "2026-10-20",
        "Nora Quinn",
        "1",
        "1",
        "0",
        "pass",
        "soc2-2026",
    ]
    assert "evidence/access/okta-policy-export-2026-08.txt" in ac01.find("ul", "evidence").all_text
    assert doc.by_id("findings").find("p", "empty").text == "No open findings."


def test_fintech_report_has_an_overview_and_both_reports() -> None:
    doc = parse_html(html_of(EXAMPLES / "fintech")).root
    overview = doc.find("section").find("table")
    rows = [[c.all_text for c in tr.children] for tr in overview.find("tbody").find_all("tr")]
    assert rows == [
        [
            "soc1-2026 (SOC 1 Type 2)",
            "10 / 10 objectives",
            "10 / 10",
            "25 / 25",
            "0 errors, 0 warnings",
            "Ready (ready)",
        ],
        [
            "soc2-2026 (SOC 2 Type 2)",
            "35 / 35 criteria",
            "35 / 35",
            "26 / 26",
            "0 errors, 0 warnings",
            "Ready (ready)",
        ],
    ]
    soc1 = doc.by_id("report-soc1-2026")
    assert figures(soc1) == ["10 / 10", "10 / 10", "25 / 25", "0"]
    assert tiles(soc1) == {f"CO-{n:02d}": "tested" for n in range(1, 11)}
    assert figures(doc.by_id("report-soc2-2026")) == ["35 / 35", "35 / 35", "26 / 26", "0"]
    assert len(doc.by_id("controls").find_all("article", "card")) == 40


def test_gaps_show_in_figures_tiles_and_findings(
    gap_saas: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(gap_saas)
    doc = parse_html(html_of(gap_saas)).root
    section = doc.by_id("report-soc2-2026")
    assert figures(section) == ["35 / 36", "34 / 36", "19 / 20", "3"]
    assert "not-ready" in section.find("p", "verdict").classes
    status = tiles(section)
    assert (status["CC9.2"], status["A1.3"], status["A1.2"]) == ("uncovered", "untested", "tested")
    a12 = section.find_all("a", "tile")[-2]
    assert a12.find("span", "what").text == "exceptions"
    item = doc.by_id("item-A1.2")
    assert item.find("div", "exceptions").text == "Exceptions in T-AV-01-2026"
    by_rule = section.find("table", "by-rule").find("tbody")
    assert [[c.all_text for c in tr.children] for tr in by_rule.find_all("tr")] == [
        ["unselected-criterion", "error", "1"],
        ["untested-control", "error", "1"],
        ["test-exceptions", "warning", "1"],
    ]
    findings = doc.by_id("findings").find("table", "findings").find("tbody").find_all("tr")
    assert [(r.children[0].all_text, r.children[2].all_text) for r in findings] == [
        ("controls/availability.yaml:34:17", "test-exceptions"),
        ("controls/availability.yaml:37:5", "untested-control"),
        ("system.yaml:32:18", "unselected-criterion"),
    ]
    av02 = doc.by_id("control-AV-02")
    assert "soc2-2026: untested" in [b.text for b in av02.find_all("span", "badge")]
    assert "untested-control" in av02.find("ul", "card-findings").all_text


def test_untrusted_text_is_escaped(gap_saas: Path) -> None:
    text = html_of(gap_saas)
    parser = parse_html(text)
    assert "script" not in parser.start_tags
    assert "b" not in parser.start_tags
    card = parser.root.by_id("control-AC-06")
    assert card.find("h3").all_text == f"AC-06 {HOSTILE_TITLE}"
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in text


def test_self_contained_accessible_and_printable(gap_saas: Path) -> None:
    for text in (html_of(EXAMPLES / "saas"), html_of(EXAMPLES / "fintech"), html_of(gap_saas)):
        parser = parse_html(text)
        doc = parser.root
        # No network: nothing fetched, nothing imported, no scripts.
        assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
        assert "@import" not in text
        assert "url(" not in "".join(parser.styles)
        assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.start_tags)
        assert all(a.attrs["href"].startswith("#") for a in doc.find_all("a"))
        # Every in-page link lands somewhere.
        ids = {e.attrs["id"] for e in doc.find_all() if "id" in e.attrs}
        assert {a.attrs["href"][1:] for a in doc.find_all("a")} <= ids
        # Accessible tables: a caption each, and every header cell scoped.
        for table in doc.find_all("table"):
            assert table.children[0].tag == "caption" and table.children[0].all_text
        assert all(th.attrs.get("scope") in ("col", "row") for th in doc.find_all("th"))
        assert doc.find("html").attrs["lang"] == "en"
        assert "@media print" in "".join(parser.styles)
        assert "print-color-adjust: exact" in "".join(parser.styles)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("status", ["tested", "untested", "uncovered", "waived", "na"])
def test_status_colours_meet_wcag_aa_contrast(status: str) -> None:
    css = "".join(parse_html(render(model_of(EXAMPLES / "saas"))).styles)
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", css))
    assert contrast(colours[status], colours[f"{status}-ink"]) >= 4.5
    # Text and muted text on white and on the page background.
    for ink in ("ink", "muted"):
        for paper in ("paper", "wash"):
            assert contrast(colours[ink], colours[paper]) >= 4.5


def test_badge_colours_meet_wcag_aa_contrast() -> None:
    css = "".join(parse_html(render(model_of(EXAMPLES / "saas"))).styles)
    pairs = re.findall(r"\.b-[a-z]+ \{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6}); \}", css)
    assert len(pairs) >= 8
    assert all(contrast(bg, fg) >= 4.5 for bg, fg in pairs)


def test_tree_builder_rejects_mismatched_tags() -> None:
    """The checks above rely on the parser noticing broken nesting."""
    with pytest.raises(AssertionError):
        TreeBuilder().feed("<div><span></div>")
