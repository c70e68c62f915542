"""Security headers on every response, and the stricter ones for files people uploaded."""

from pathlib import Path

from flask import Flask, Response, current_app, send_file

#: Only this site's own scripts, styles and images; no frames, plugins or foreign forms.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
#: An uploaded file is data, never a page: no scripts, no plugins, a sandbox of its own.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def csp_for(config) -> str:
    """The CSP, with the configured map tile hosts (and nothing else) added to img-src."""
    from housing.places.tiles import tile_hosts

    hosts = tile_hosts(config)
    if not hosts:
        return CSP
    return CSP.replace("img-src 'self' data:", "img-src 'self' data: " + " ".join(hosts))


def configure_security_headers(app: Flask) -> None:
    csp = csp_for(app.config)

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", csp)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if seconds := current_app.config.get("HSTS_SECONDS"):
            headers.setdefault("Strict-Transport-Security", f"max-age={seconds}; includeSubDomains")
        return response


def uploaded_file(path: Path, mimetype: str, filename: str) -> Response:
    """Send an uploaded document as a download that the browser will not render as a page."""
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Content-Security-Policy"] = FILE_CSP
    response.headers["Cache-Control"] = "private, no-store"
    return response
