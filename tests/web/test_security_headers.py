"""Every page carries the headers a browser needs to protect the people using it."""

from config import ProductionConfig


def test_pages_and_api_carry_security_headers(client, db):
    for path in ("/", "/auth/login", "/api/v1/openapi.json", "/no-such-page"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers  # plain HTTP in development


def test_production_sends_hsts(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "HSTS_SECONDS", ProductionConfig.HSTS_SECONDS)
    assert "max-age=31536000" in client.get("/").headers["Strict-Transport-Security"]
