"""Every kind of ``Authorization`` header that must not get an activity handled.

Each case gives the header (or None for no header) and, optionally, where the activity
says replies go. ``Target`` names the URLs a case may use: the real (fake) connector the
good tokens vouch for, and the attacker's loopback connector.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from tests.e2e.keyserver import APP_ID, OTHER_TENANT, TENANT, KeyServer, new_key

MICROSOFT_SERVICES_TENANT = "d6d49420-f39b-4df7-a1dc-d59a935871db"
"""One of the first-party tenants the SDK always trusts as an issuer."""
OTHER_APP = "0b0b0b0b-2222-4333-8444-555555555555"


@dataclass(frozen=True)
class Target:
    """The URLs a case can aim at."""

    real: str
    evil: str


@dataclass(frozen=True)
class Case:
    """One bad request: its ``Authorization`` header and the activity's ``serviceUrl``."""

    header: Callable[[KeyServer, Target], str | None]
    service_url: Callable[[Target], str | None] = lambda t: t.real


def bearer(make: Callable[[KeyServer, Target], str]) -> Callable[[KeyServer, Target], str]:
    """``Bearer <token>`` around a token maker."""
    return lambda k, t: f"Bearer {make(k, t)}"


def _resign(keys: KeyServer, token: str, **changes: object) -> str:
    """``token``'s claims with ``changes`` (a value of None removes the claim), re-signed."""
    claims = jwt.decode(token, options={"verify_signature": False})
    for name, value in changes.items():
        if value is None:
            claims.pop(name, None)
        else:
            claims[name] = value
    return jwt.encode(claims, keys.key, algorithm="RS256", headers={"kid": keys.kid})


def _unsigned(keys: KeyServer, target: Target) -> str:
    return jwt.encode(_good_claims(target), None, algorithm="none", headers={"kid": keys.kid})


def _hs256(secret: bytes) -> Callable[[KeyServer, Target], str]:
    def make(keys: KeyServer, target: Target) -> str:
        claims = _good_claims(target)
        return jwt.encode(claims, secret, algorithm="HS256", headers={"kid": keys.kid})

    return make


def _public_pem(keys: KeyServer) -> bytes:
    return keys.key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _signing_input(header: dict[str, object], claims: dict[str, object]) -> str:
    return ".".join(_b64(json.dumps(p, separators=(",", ":")).encode()) for p in (header, claims))


def _good_claims(target: Target) -> dict[str, object]:
    return {
        "iss": "https://api.botframework.com",
        "aud": APP_ID,
        "exp": 9_999_999_999,
        "serviceurl": target.real,
    }


def _key_confusion(keys: KeyServer, target: Target) -> str:
    # PyJWT refuses to sign HS256 with a PEM key, so the token is assembled by hand.
    signing_input = _signing_input({"alg": "HS256", "kid": keys.kid}, _good_claims(target))
    mac = hmac.new(_public_pem(keys), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(mac)}"


def _numeric_kid(keys: KeyServer, target: Target) -> str:
    # PyJWT refuses to write a kid that is not a string, so this one is signed by hand.
    signing_input = _signing_input({"alg": "RS256", "kid": 123}, _good_claims(target))
    signature = keys.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(signature)}"


def _tenant(keys: KeyServer, target: Target, tenant: str = TENANT, v1: bool = False) -> str:
    """An app-only Entra token of ``tenant`` for our app id (no ``serviceurl``)."""
    issuer = f"https://sts.windows.net/{tenant}/" if v1 else keys.entra_issuer(tenant)
    token = keys.token(issuer=issuer, tenant=tenant)
    return _resign(keys, token, serviceurl=None)


def _good(extra: dict[str, object] | None = None) -> Callable[[KeyServer, Target], str]:
    return bearer(lambda k, t: k.token(extra={"serviceurl": t.real, **(extra or {})}))


def _no_claim(name: str) -> Callable[[KeyServer, Target], str]:
    return bearer(lambda k, t: _resign(k, k.token(extra={"serviceurl": t.real}), **{name: None}))


def _claim(name: str, value: object) -> Callable[[KeyServer, Target], str]:
    return _good({name: value})


def _vouching_for(url: str) -> Callable[[KeyServer, Target], str]:
    return bearer(lambda k, t: k.token(extra={"serviceurl": url}))


BAD: dict[str, Case] = {
    # The header itself.
    "no Authorization header": Case(lambda k, t: None),
    "Basic scheme": Case(lambda k, t: "Basic dXNlcjpwYXNz"),
    "Bearer without a token": Case(lambda k, t: "Bearer"),
    "Bearer with two tokens": Case(lambda k, t: "Bearer  a b"),
    "lower-case bearer alone": Case(lambda k, t: "bearer"),
    "garbage": Case(lambda k, t: "Bearer garbage"),
    "three garbage parts": Case(lambda k, t: "Bearer abc.def.ghi"),
    "8 KB of garbage": Case(lambda k, t: "Bearer " + "A" * 8000),
    "over-long header (9 KB)": Case(lambda k, t: "Bearer " + "B" * 9000),
    "over-long header (100 KB)": Case(lambda k, t: "Bearer " + "C" * 100_000),
    # Signature and algorithm.
    "alg none": Case(bearer(_unsigned)),
    "alg none without kid": Case(
        bearer(lambda k, t: jwt.encode({"iss": "https://api.botframework.com"}, None, "none"))
    ),
    "HS256 with a shared secret": Case(bearer(_hs256(b"a-shared-secret-of-32-bytes-long!!"))),
    "HS256 keyed with our public key": Case(bearer(_key_confusion)),
    "RS384 with the right key": Case(
        bearer(
            lambda k, t: jwt.encode(
                jwt.decode(k.token(extra={"serviceurl": t.real}), options={"verify_signature": 0}),
                k.key,
                algorithm="RS384",
                headers={"kid": k.kid},
            )
        )
    ),
    "signature removed": Case(
        bearer(lambda k, t: k.token(extra={"serviceurl": t.real}).rsplit(".", 1)[0] + ".")
    ),
    "no kid": Case(
        bearer(
            lambda k, t: jwt.encode(
                jwt.decode(k.token(extra={"serviceurl": t.real}), options={"verify_signature": 0}),
                k.key,
                algorithm="RS256",
            )
        )
    ),
    "kid is a number": Case(bearer(_numeric_kid)),
    "unknown signing key": Case(bearer(lambda k, t: k.token(key=new_key(), kid="another-key"))),
    "known kid, wrong key": Case(bearer(lambda k, t: k.token(key=new_key()))),
    # Time.
    "expired (beyond the 5-minute leeway)": Case(
        bearer(lambda k, t: k.token(lifetime=-600, extra={"serviceurl": t.real}))
    ),
    "not yet valid (beyond the leeway)": Case(
        bearer(lambda k, t: k.token(not_before=900, extra={"serviceurl": t.real}))
    ),
    "exp as a string": Case(_claim("exp", "9999999999")),
    "nbf as a string": Case(_claim("nbf", "1000000000")),
    "exp missing": Case(_no_claim("exp")),
    "exp is true": Case(_claim("exp", True)),
    "exp is an object": Case(_claim("exp", {"at": 9_999_999_999})),
    # Audience: tokens for another app.
    "wrong audience": Case(bearer(lambda k, t: k.token(audience="not-our-app"))),
    "another app id": Case(
        bearer(lambda k, t: k.token(audience=OTHER_APP, extra={"serviceurl": t.real}))
    ),
    "audience list holding our app id": Case(_claim("aud", [APP_ID, OTHER_APP])),
    "audience api://our-app-id": Case(_claim("aud", f"api://{APP_ID}")),
    # Issuer and tenant.
    "wrong issuer": Case(bearer(lambda k, t: k.token(issuer="https://evil.example.com/"))),
    "Bot Framework issuer with a trailing slash": Case(
        _claim("iss", "https://api.botframework.com/")
    ),
    "another tenant": Case(bearer(lambda k, t: _tenant(k, t, OTHER_TENANT))),
    "another tenant (v1 issuer)": Case(bearer(lambda k, t: _tenant(k, t, OTHER_TENANT, v1=True))),
    "our issuer, another tenant's tid": Case(
        bearer(lambda k, t: k.token(issuer=k.entra_issuer(TENANT), tenant=OTHER_TENANT))
    ),
    "common tenant": Case(
        bearer(lambda k, t: k.token(issuer=k.entra_issuer("common"), extra={"serviceurl": t.real}))
    ),
    "organizations tenant": Case(
        bearer(lambda k, t: k.token(issuer=k.entra_issuer("organizations")))
    ),
    "Microsoft first-party tenant": Case(
        bearer(lambda k, t: _tenant(k, t, MICROSOFT_SERVICES_TENANT))
    ),
    # Tokens that do not vouch for the service URL.
    "Bot Framework token without serviceurl": Case(_no_claim("serviceurl")),
    "app-only token of our tenant, no serviceurl": Case(bearer(_tenant)),
    "app-only token of our tenant (v1), no serviceurl": Case(
        bearer(lambda k, t: _tenant(k, t, v1=True))
    ),
    "our tenant's token naming the right serviceurl": Case(
        bearer(
            lambda k, t: k.token(
                issuer=k.entra_issuer(TENANT), tenant=TENANT, extra={"serviceurl": t.real}
            )
        )
    ),
    "our tenant's token, activity aimed at the attacker": Case(
        bearer(_tenant), service_url=lambda t: t.evil
    ),
    "serviceurl is a list": Case(bearer(lambda k, t: k.token(extra={"serviceurl": [t.real]}))),
    "serviceurl is empty": Case(_vouching_for("")),
    "token for another service URL": Case(_vouching_for("https://smba.trafficmanager.net/emea/")),
    "good token, activity aimed at the attacker": Case(_good(), service_url=lambda t: t.evil),
    "good token, activity without serviceUrl": Case(_good(), service_url=lambda t: None),
    # Valid tokens vouching for a URL that is not a Teams Bot Connector.
    "vouched URL not on the allow-list": Case(
        _vouching_for("https://evil.example.com/"),
        service_url=lambda t: "https://evil.example.com/",
    ),
    "vouched blob storage URL (in the SDK's list)": Case(
        _vouching_for("https://x.blob.core.windows.net/c/"),
        service_url=lambda t: "https://x.blob.core.windows.net/c/",
    ),
    "vouched look-alike of the Teams host": Case(
        _vouching_for("https://smba.trafficmanager.net.evil.example/"),
        service_url=lambda t: "https://smba.trafficmanager.net.evil.example/",
    ),
}
