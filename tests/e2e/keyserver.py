"""An offline stand-in for the Bot Framework and Entra key endpoints, and token minting.

The SDK's ``JwtTokenValidator`` picks the JWKS URI from the token's issuer
(``_build_jwks_uri``: Bot Framework issuers → ``login.botframework.com``, anything else →
``login.microsoftonline.com/{tenant}/discovery/v2.0/keys``) and fetches it with
``PyJWKClient``. The SDK has no configuration hook for those URLs, so ``redirect_sdk``
monkeypatches ``_build_jwks_uri`` to call the real one and then swap the scheme and host
for this loopback server, keeping the path. Everything else (signature, RS256 only,
audience, issuer allow-list, tenant binding, 300 s leeway) is the SDK's own code.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "a1b2c3d4-0000-4000-8000-00000000a99f"
TENANT = "5f0c7d3e-1111-4222-8333-444455556666"
OTHER_TENANT = "9e8d7c6b-aaaa-4bbb-8ccc-ddddeeeeffff"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"


def new_key() -> rsa.RSAPrivateKey:
    """A fresh RSA key (2048 bits, as Entra uses)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class KeyServer:
    """Serves OpenID metadata and a JWKS holding the test key, on loopback."""

    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    kid: str = field(default_factory=lambda: uuid.uuid4().hex)
    runner: web.AppRunner | None = None
    base: str = ""
    fetched: list[str] = field(default_factory=list)

    def jwks(self) -> dict[str, Any]:
        """The public key set."""
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [public]}

    async def _handle(self, request: web.Request) -> web.Response:
        self.fetched.append(request.path)
        if request.path.endswith("openid-configuration"):
            return web.json_response({"jwks_uri": f"{self.base}/keys", "issuer": "test"})
        return web.json_response(self.jwks())

    async def start(self) -> None:
        """Listen on a free loopback port."""
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self.runner.addresses[0][1]}"

    async def stop(self) -> None:
        """Stop listening."""
        if self.runner is not None:
            await self.runner.cleanup()

    def redirect_sdk(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point the SDK's key lookups at this server (see the module docstring)."""
        from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

        real = jwt_token_validator._build_jwks_uri

        def local(*args: Any) -> str:
            parts = urlsplit(real(*args))
            return f"{self.base}/{parts.hostname}{parts.path}"

        monkeypatch.setattr(jwt_token_validator, "_build_jwks_uri", local)

    def token(
        self,
        *,
        issuer: str = BOT_FRAMEWORK_ISSUER,
        audience: str = APP_ID,
        tenant: str | None = None,
        lifetime: float = 3600,
        not_before: float = -60,
        key: rsa.RSAPrivateKey | None = None,
        kid: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """A signed RS256 token; every part can be made wrong for a test."""
        now = time.time()
        claims: dict[str, Any] = {
            "iss": issuer,
            "aud": audience,
            "iat": int(now - 60),
            "nbf": int(now + not_before),
            "exp": int(now + lifetime),
            "serviceurl": "http://127.0.0.1/",
        }
        if tenant is not None:
            claims["tid"] = tenant
        claims.update(extra or {})
        headers = {"kid": kid or self.kid}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers=headers)

    def entra_issuer(self, tenant: str = TENANT) -> str:
        """The v2 Entra issuer of a tenant."""
        return f"https://login.microsoftonline.com/{tenant}/v2.0"
