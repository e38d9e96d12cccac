"""The committed openapi.json is the API's contract: any change to the API shows up in review."""

from cmcc.core import openapi


def test_committed_openapi_matches_the_api():
    committed = openapi.COMMITTED.read_text(encoding="utf-8")
    assert committed == openapi.render(), (
        "openapi.json is out of date: run `make openapi` and review the diff"
    )


def test_openapi_served_and_docs_local(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r.json()["info"]["title"] == "cmcc API"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
