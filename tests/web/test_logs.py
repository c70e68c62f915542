"""Every response names its request, and production logs are JSON lines carrying that id."""

import json
import logging

from pythonjsonlogger.json import JsonFormatter

from housing.logs import _RequestFields


def test_each_response_has_a_request_id_and_a_sane_offered_one_is_kept(client, db):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-1234"})
    assert kept.headers["X-Request-ID"] == "proxy-1234"
    odd = client.get("/healthz", headers={"X-Request-ID": "<script>" + "x" * 100})
    assert odd.headers["X-Request-ID"].isalnum() and len(odd.headers["X-Request-ID"]) == 32


def test_request_log_lines_are_json_with_the_request_id(app, client, db, caplog):
    formatter = JsonFormatter("%(levelname)s %(message)s %(request_id)s")
    with caplog.at_level(logging.INFO, logger="housing.requests"):
        client.get("/healthz", headers={"X-Request-ID": "abc-1"})
    record = next(r for r in caplog.records if r.name == "housing.requests")
    assert _RequestFields().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "request" and line["status"] == 200 and line["path"] == "/healthz"
    assert line["request_id"] == "abc-1"
