"""`--auth oidc`: the real binary verifies id-tokens as Run:ai's legacy client sends them, signed here
with keys made at test time, against a JWKS served over loopback (or read from a file)."""
import base64
import hashlib
import hmac
import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from conftest import BINARY

ISSUER = "https://runai.example.com/auth/realms/runai"
AUDIENCE = "runai"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64json(value) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def number(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class Key:
    """A signing key of the identity provider: RS256 or ES256."""

    def __init__(self, kid, kind):
        self.kid, self.kind = kid, kind
        if kind == "RS256":
            self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            self.private = ec.generate_private_key(ec.SECP256R1())

    @property
    def jwk(self):
        numbers = self.private.public_key().public_numbers()
        if self.kind == "RS256":
            return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid, "n": number(numbers.n), "e": number(numbers.e)}
        return {"kty": "EC", "use": "sig", "alg": "ES256", "crv": "P-256", "kid": self.kid,
                "x": b64url(numbers.x.to_bytes(32, "big")), "y": b64url(numbers.y.to_bytes(32, "big"))}

    @property
    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, claims, **header):
        head = {"alg": self.kind, "typ": "JWT", "kid": self.kid, **header}
        signing_input = f"{b64json(head)}.{b64json(claims)}".encode()
        if self.kind == "RS256":
            signature = self.private.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        else:
            r, s = decode_dss_signature(self.private.sign(signing_input, ec.ECDSA(hashes.SHA256())))
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return f"{signing_input.decode()}.{b64url(signature)}"


def claims(email="alice@example.com", projects=("team-a",), **changes):
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "5f0c-uuid", "email": email, "email_verified": True,
            "iat": now, "exp": now + 300, "projects": list(projects)}
    body.update(changes)
    return body


class JWKSServer:
    """The identity provider's certs endpoint on a free loopback port; counts fetches."""

    def __init__(self, keys):
        self.document = json.dumps({"keys": [key.jwk for key in keys]}).encode()
        self.fetches = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner.fetches += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(owner.document)))
                self.end_headers()
                self.wfile.write(owner.document)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/auth/realms/runai/protocol/openid-connect/certs"

    def close(self):
        self.server.shutdown()


def call(method, url, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=headers), timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def oidc_flags(*keys_flags):
    return ("--auth", "oidc", "--oidc-issuer", ISSUER, "--oidc-audience", AUDIENCE, *keys_flags)


@pytest.fixture
def idp():
    keys = [Key("rsa-key", "RS256"), Key("ec-key", "ES256")]
    server = JWKSServer(keys)
    yield server, keys
    server.close()


def test_a_good_id_token_submits_and_every_bad_one_gets_401(start_gateway, idp):
    server, (rsa_key, ec_key) = idp
    gateway = start_gateway(*oidc_flags("--oidc-jwks-url", server.url))
    submit = {"job": {"name": "inference1", "project": "team-a", "image": "gcr.io/run-ai-demo/quickstart-inference-marian", "gpu": 0.5}}

    good = rsa_key.sign(claims())
    assert call("POST", gateway.url + "/api/v1/jobs", submit, good) == (200, {"name": "inference1"})
    status, body = call("GET", gateway.url + "/api/v1/jobs/team-a/inference1", token=ec_key.sign(claims()))
    assert status == 200 and body["data"][0]["user"] == "alice@example.com"
    status, body = call("POST", gateway.url + "/api/v1/jobs", {"job": {**submit["job"], "project": "team-b"}}, good)
    assert status == 403 and body["status"] == 403

    now = int(time.time())
    stranger = Key("rsa-key", "RS256")  # same kid, another key: a forgery
    head, payload, signature = good.split(".")
    bad = {
        "expired": rsa_key.sign(claims(exp=now - 3600, iat=now - 3900)),
        "wrong issuer": rsa_key.sign(claims(iss="https://evil.example.com/auth/realms/runai")),
        "wrong audience": rsa_key.sign(claims(aud="another-client")),
        "unknown kid": Key("rotated-away", "ES256").sign(claims()),
        "alg none": f"{b64json({'alg': 'none', 'typ': 'JWT', 'kid': 'rsa-key'})}.{b64json(claims())}.",
        "HS256 with the public key": (lambda signing_input: signing_input + "." + b64url(
            hmac.new(rsa_key.public_pem, signing_input.encode(), hashlib.sha256).digest()))(
            f"{b64json({'alg': 'HS256', 'typ': 'JWT', 'kid': 'rsa-key'})}.{b64json(claims())}"),
        "forged signature": stranger.sign(claims()),
        "tampered payload": f"{head}.{b64json(claims(projects=['team-a', 'team-b']))}.{signature}",
        "not a JWT": "just-a-string",
    }
    reasons = {
        "expired": "the token expired at", "wrong issuer": "not by the issuer this gateway trusts",
        "wrong audience": "not for this gateway", "unknown kid": "the issuer does not publish", "alg none": "alg none",
        "HS256 with the public key": "alg HS256", "forged signature": "signature is not valid",
        "tampered payload": "signature is not valid", "not a JWT": "not a JWT",
    }
    for case, token in bad.items():
        status, body = call("POST", gateway.url + "/api/v1/jobs", {"job": {**submit["job"], "name": "x"}}, token)
        assert status == 401, case
        assert body["status"] == 401 and token not in json.dumps(body), case
        assert reasons[case] in body["details"], (case, body)
    status, body = call("GET", gateway.url + "/api/v1/jobs")
    assert status == 401
    assert server.fetches <= 2, "the unknown kid cost at most one fetch more"
    log = "".join(gateway.log_lines)
    assert "read the OIDC signing keys" in log
    assert all(token not in log for token in [good, *bad.values()] if len(token) > 20)


def test_a_jwks_file_guards_the_kubernetes_api_with_the_same_projects(start_gateway, tmp_path, idp):
    _, (rsa_key, _) = idp
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [rsa_key.jwk]}))
    gateway = start_gateway(*oidc_flags("--oidc-jwks-file", "jwks.json"))
    token = rsa_key.sign(claims())
    path = gateway.url + "/apis/run.ai/v2alpha1/namespaces/{}/inferenceworkloads"
    status, body = call("GET", path.format("runai-team-a"), token=token)
    assert status == 200 and body["items"] == []
    status, body = call("GET", path.format("runai-team-b"), token=token)
    assert status == 403 and body["kind"] == "Status"
    status, _ = call("GET", path.format("runai-team-a"), token=rsa_key.sign(claims(exp=int(time.time()) - 600)))
    assert status == 401


@pytest.mark.parametrize("flags, message", [
    (("--auth", "oidc"), "--auth oidc needs --oidc-issuer"),
    (oidc_flags("--oidc-jwks-url", "http://idp.example.com/certs"), "must use https"),
    (oidc_flags("--oidc-jwks-file", "/nonexistent/jwks.json"), "cannot read the JWKS file /nonexistent/jwks.json"),
])
def test_invalid_oidc_settings_stop_the_start_with_a_clear_message(tmp_path, flags, message):
    result = subprocess.run([str(BINARY), "serve", "--port", "0", *flags], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert message in result.stderr
