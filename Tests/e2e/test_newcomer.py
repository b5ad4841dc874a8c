"""A newcomer's first minutes: start the binary, check it is healthy, find its data."""
import json
import sqlite3
import urllib.request


def test_a_newcomer_starts_the_gateway_and_it_is_healthy_with_a_wal_database(gateway):
    with urllib.request.urlopen(gateway.url + "/healthz") as response:
        assert response.status == 200
        assert json.load(response)["status"] == "ok"

    assert gateway.database.exists()
    connection = sqlite3.connect(gateway.database)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        applied = [row[0] for row in connection.execute("SELECT identifier FROM schema_migrations")]
        assert "0001_initial" in applied
    finally:
        connection.close()


def test_the_gateway_stops_cleanly_on_sigterm(gateway):
    assert gateway.stop() == 0
