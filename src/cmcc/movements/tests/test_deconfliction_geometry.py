"""GeoJSON validation names the problem (and where it is); the local projection is accurate enough."""

import math

import numpy as np
import pytest
from shapely.geometry import Point

from cmcc.movements.deconfliction import GeometryError, LocalProjection, parse_geometry, validate_geometry

SQUARE = [[34.40, 31.40], [34.41, 31.40], [34.41, 31.41], [34.40, 31.41], [34.40, 31.40]]


def problems(geometry, **kwargs):
    return [(p.path, p.message) for p in validate_geometry(geometry, **kwargs)]


def only_message(geometry, **kwargs):
    (found,) = validate_geometry(geometry, **kwargs)
    return found.message


def test_good_geometries_pass_and_parse_to_2d_shapely():
    for geometry in (
        {"type": "Point", "coordinates": [34.4, 31.4]},
        {"type": "LineString", "coordinates": [[34.4, 31.4], [34.5, 31.5], [34.4, 31.4]]},  # out and back
        {"type": "Polygon", "coordinates": [SQUARE]},
        {"type": "MultiPolygon", "coordinates": [[SQUARE], [[[x + 0.1, y] for x, y in SQUARE]]]},
        {
            "type": "MultiLineString",
            "coordinates": [[[34.4, 31.4], [34.5, 31.5]], [[34.3, 31.3], [34.2, 31.2]]],
        },
    ):
        assert validate_geometry(geometry) == []
        assert parse_geometry(geometry).geom_type == geometry["type"]
    assert not parse_geometry({"type": "Point", "coordinates": [34.4, 31.4, 12.0]}).has_z


def test_unclosed_ring_is_named_with_its_ends():
    ring = SQUARE[:-1]
    (problem,) = validate_geometry({"type": "Polygon", "coordinates": [ring]})
    assert problem.path == "coordinates[0]"
    assert problem.message.startswith("unclosed polygon ring: the outer ring starts at [34.4, 31.4]")
    assert "repeat the first position at the end" in problem.message


def test_an_unclosed_hole_is_named_as_a_hole():
    hole = [[34.402, 31.402], [34.404, 31.402], [34.404, 31.404], [34.402, 31.404]]
    assert problems({"type": "Polygon", "coordinates": [SQUARE, hole]})[0][0] == "coordinates[1]"
    assert "the hole 1 starts at" in only_message({"type": "Polygon", "coordinates": [SQUARE, hole]})


def test_out_of_range_coordinates_are_named():
    assert problems({"type": "Point", "coordinates": [200, 31.4]}) == [
        ("coordinates", "longitude 200 is out of range (-180..180)")
    ]
    message = only_message({"type": "LineString", "coordinates": [[34.4, 31.4], [31.5, 134.5]]})
    assert message == "latitude 134.5 is out of range (-90..90) (are longitude and latitude swapped?)"
    assert (
        problems({"type": "LineString", "coordinates": [[34.4, 31.4], [31.5, 134.5]]})[0][0]
        == "coordinates[1]"
    )
    ring = [[34.4, 31.4], [34.41, -95.0], [34.41, 31.41], [34.4, 31.4]]
    assert problems({"type": "Polygon", "coordinates": [ring]})[0][0] == "coordinates[0][1]"


def test_self_intersection_is_named_with_its_place():
    bowtie = [[34.40, 31.40], [34.41, 31.41], [34.41, 31.40], [34.40, 31.41], [34.40, 31.40]]
    (problem,) = validate_geometry({"type": "Polygon", "coordinates": [bowtie]})
    assert problem.message.startswith("self-intersection")
    assert problem.where == pytest.approx((34.405, 31.405))
    assert "at lon 34.405000, lat 31.405000" in problem.message

    with pytest.raises(GeometryError) as raised:
        parse_geometry({"type": "Polygon", "coordinates": [bowtie]})
    assert raised.value.where == pytest.approx((34.405, 31.405))
    assert raised.value.message.startswith("coordinates: self-intersection")
    assert raised.value.problems[0].as_dict()["where"] == pytest.approx([34.405, 31.405])


def test_overlapping_parts_of_a_multipolygon_are_named():
    shifted = [[x + 0.005, y + 0.005] for x, y in SQUARE]
    message = only_message({"type": "MultiPolygon", "coordinates": [[SQUARE], [shifted]]})
    assert message.startswith("the polygons of the MultiPolygon overlap at lon")
    bowtie = [[34.40, 31.40], [34.41, 31.41], [34.41, 31.40], [34.40, 31.41], [34.40, 31.40]]
    assert problems({"type": "MultiPolygon", "coordinates": [[SQUARE], [bowtie]]})[0][0] == "coordinates[1]"


def test_a_hole_outside_its_polygon_is_named():
    hole = [[34.5, 31.5], [34.51, 31.5], [34.51, 31.51], [34.5, 31.5]]
    assert only_message({"type": "Polygon", "coordinates": [SQUARE, hole]}).startswith(
        "a hole lies outside the outer ring"
    )


def test_too_few_points_and_empty_geometries():
    assert only_message({"type": "LineString", "coordinates": [[34.4, 31.4]]}) == (
        "too few points: a line needs at least 2 positions, got 1"
    )
    assert only_message({"type": "LineString", "coordinates": [[34.4, 31.4], [34.4, 31.4]]}) == (
        "too few points: all positions of the line are the same"
    )
    assert only_message({"type": "Polygon", "coordinates": [SQUARE[:2] + SQUARE[:1]]}).startswith(
        "too few points: the outer ring has 3 positions"
    )
    flat = [[34.40, 31.40], [34.41, 31.40], [34.42, 31.40], [34.40, 31.40]]
    assert only_message({"type": "Polygon", "coordinates": [flat]}) == (
        "the outer ring has no area: its positions lie on one line"
    )
    for kind in ("Point", "LineString", "Polygon", "MultiPolygon", "MultiLineString"):
        assert (
            only_message({"type": kind, "coordinates": []}) == f"empty geometry: the {kind} has no positions"
        )


def test_wrong_types_and_shapes_are_named():
    assert only_message({"type": "Feature", "geometry": {}}).endswith("send the feature's 'geometry' member")
    assert only_message({"type": "GeometryCollection", "geometries": []}).startswith(
        "wrong GeoJSON type 'GeometryCollection'"
    )
    assert only_message({"coordinates": [1, 2]}) == "missing 'type'"
    assert only_message({"type": "Point"}) == "missing 'coordinates'"
    assert only_message("POINT (34 31)") == "expected a GeoJSON geometry object, got str"
    assert (
        only_message({"type": "Point", "coordinates": [True, 31]})
        == "coordinate must be a finite number, got True"
    )
    assert only_message({"type": "Point", "coordinates": [34, math.nan]}).startswith(
        "coordinate must be a finite"
    )
    assert only_message({"type": "Point", "coordinates": [34]}).startswith(
        "a position must be [longitude, latitude]"
    )
    assert only_message({"type": "Polygon", "coordinates": [SQUARE]}, allowed=("LineString",)) == (
        "wrong geometry type 'Polygon' here: expected LineString"
    )


def test_too_many_positions_are_refused():
    line = {"type": "LineString", "coordinates": [[34.4, 31.4 + i * 1e-5] for i in range(20)]}
    assert only_message(line, max_positions=10) == "too many positions: 20 (at most 10)"


def test_every_problem_is_reported_at_once():
    found = problems(
        {"type": "MultiLineString", "coordinates": [[[200, 31.4], [34.4, 31.4]], [[34.4, 31.4]]]}
    )
    assert [path for path, _ in found] == ["coordinates[0][0]", "coordinates[1]"]


def _ellipsoid_metres_per_degree(lat: float) -> tuple[float, float]:
    """East and north metres per degree on WGS84 at ``lat``: the exact local scale."""
    a, f = 6_378_137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    w = 1 - e2 * math.sin(math.radians(lat)) ** 2
    rad = math.pi / 180
    return rad * a / math.sqrt(w) * math.cos(math.radians(lat)), rad * a * (1 - e2) / w**1.5


def test_projection_is_within_a_quarter_percent_over_the_gaza_strip():
    projection = LocalProjection.at(34.39, 31.41)
    assert projection.max_relative_error(31.22, 31.60) < 0.0025
    for lat in (31.22, 31.41, 31.60):
        east, north = _ellipsoid_metres_per_degree(lat)
        assert abs(projection.kx / east - 1) <= projection.max_relative_error(lat, lat) + 1e-6
        assert abs(projection.ky / north - 1) < 1e-4  # the meridian radius hardly changes


def test_projection_round_trips():
    projection = LocalProjection.at(34.39, 31.41)

    (moved,) = projection.forward(np.array([Point(34.40, 31.42)], dtype=object))
    assert (moved.x, moved.y) == pytest.approx((0.01 * projection.kx, 0.01 * projection.ky))
    assert projection.inverse_xy(np.array([[moved.x, moved.y]]))[0] == pytest.approx(
        [34.40, 31.42], abs=1e-12
    )
