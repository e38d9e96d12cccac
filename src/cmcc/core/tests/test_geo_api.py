def test_governorates_layer_is_public_geojson_with_five_pcodes(client, db):
    r = client.get("/api/v1/places/governorates.geojson")
    assert r.status_code == 200
    data = r.json()
    assert data["type"] == "FeatureCollection" and "cod-ab-pse" in data["attribution"]
    assert sorted(f["properties"]["pcode"] for f in data["features"]) == [
        "PS0255",
        "PS0260",
        "PS0265",
        "PS0270",
        "PS0275",
    ]
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in data["features"])


def test_leaflet_is_served_from_the_package(client):
    r = client.get("/static/leaflet/leaflet.js")
    assert r.status_code == 200
