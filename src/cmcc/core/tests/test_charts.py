"""The SVG chart functions: well-formed XML, one path per series, no inline style, accessible."""

import xml.etree.ElementTree as ET

import pytest

from cmcc.core import charts

NS = {"svg": "http://www.w3.org/2000/svg"}
DAYS = ["1 Oct", "2 Oct", "3 Oct", "4 Oct"]
SERIES = [
    charts.Series("Humanitarian", [1, 3, 5, 6], charts.COMMUNITY_COLOURS["humanitarian"]),
    charts.Series("Military <&>", [0, 2, 4, 4]),
    charts.Series("Donor", [0, 0, 1, 2]),
]


@pytest.mark.parametrize("draw", [charts.stacked_area, charts.lines, charts.stacked_bars])
def test_valid_xml_with_one_path_per_series(draw):
    svg = draw(DAYS, SERIES, title="Participation", desc="Members per day", id_prefix="p")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall(".//svg:path", NS)) == len(SERIES)
    assert root.find("svg:title", NS).text == "Participation"
    assert root.find("svg:desc", NS).text == "Members per day"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "p-title p-desc"
    assert "style=" not in svg
    legend = [t.text for t in root.findall("svg:text", NS)]
    assert "Military <&>" in legend  # escaped in the source, intact once parsed


def test_stacked_area_scale_covers_the_largest_total_in_round_steps():
    root = ET.fromstring(charts.stacked_area(DAYS, SERIES, title="t", desc="d"))
    y_labels = [t.text for t in root.findall("svg:text", NS) if t.get("x") == "38"]
    assert y_labels == ["0", "5", "10", "15"]  # the largest total is 6 + 4 + 2 = 12
    fills = [p.get("fill") for p in root.findall("svg:path", NS)]
    assert fills[0] == "#0072B2" and len(set(fills)) == 3


def test_single_day_and_empty_series_still_draw():
    one = ET.fromstring(charts.stacked_area(["1 Oct"], [charts.Series("A", [3])], title="t", desc="d"))
    assert len(one.findall(".//svg:path", NS)) == 1
    none = ET.fromstring(charts.lines([], [], title="t", desc="d"))
    assert none.findall(".//svg:path", NS) == []


def test_mismatched_series_is_refused():
    with pytest.raises(ValueError, match="has 2 values for 4 labels"):
        charts.lines(DAYS, [charts.Series("A", [1, 2])], title="t", desc="d")


def test_nice_steps():
    assert [charts.nice_step(v) for v in (0, 0.5, 1, 3, 7, 12, 60, 240)] == [1, 1, 1, 5, 10, 20, 100, 500]
