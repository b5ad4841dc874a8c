"""No token, key or password reaches the gateway's log at any level: after every other test of
the run (this file sorts last), every line every gateway wrote (at debug unless a test chose
another level) is searched for every secret the tests handed a gateway: the tokens and keys of
the files it read and the bearer tokens sent to it."""
import re

import pytest

import conftest

BEARER = re.compile(r"Bearer\s+[A-Za-z0-9._~+/=-]{8,}")


def test_no_secret_the_tests_used_appears_in_any_log_line_of_the_run():
    if not conftest.RUN_LOG:
        pytest.skip("no gateway ran in this session")
    assert conftest.SECRETS, "the run handed the gateway no secret to look for"
    leaked = [(secret, line) for secret in conftest.SECRETS for line in conftest.RUN_LOG if secret in line]
    assert not leaked, f"{len(leaked)} log lines carry a secret, the first: {leaked[0][1]!r}"


def test_no_log_line_of_the_run_carries_a_bearer_token():
    if not conftest.RUN_LOG:
        pytest.skip("no gateway ran in this session")
    carrying = [line for line in conftest.RUN_LOG if BEARER.search(line)]
    assert not carrying, carrying[:3]
