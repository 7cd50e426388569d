"""``careguard serve`` in production mode as its own process, for the fault tests.

    python -m tests.e2e.fault_server PORT KEYSERVER_URL

Settings come from the environment exactly as for ``careguard serve`` (``CAREGUARD_ENV``,
``DATABASE_URL``, ``CAREGUARD_REGISTER_KEY``, ...), and ``bot.app.run`` serves. Only what
cannot point at loopback otherwise is changed, as in the in-process e2e tests: the SDK's
key lookups go to the loopback key server (``keyserver.KeyServer``), the outbound token is
static, replies may only go to loopback, the outbox leases are short (a killed server's
claims come back in seconds, not minutes) and the per-chat send limits are loose (the fake
Bot Connector does not throttle; 200 alert cards in one channel would take minutes).
"""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from bot.app import AppOptions, run
from bot.services.delivery import DeliverySettings
from bot.settings import Settings
from bot.teams.server import TeamsOptions
from tests.e2e.harness import FAST_RETRY, StaticToken

OPTIONS = AppOptions(
    teams=TeamsOptions(
        only_loopback_connector=True,
        retry=FAST_RETRY,
        tokens=StaticToken(),
        limits=((100, 1.0),),
    ),
    poll=0.1,
    delivery=DeliverySettings(
        lease=timedelta(seconds=4), first_retry=timedelta(seconds=1), poll=0.2
    ),
)


def redirect_sdk(base: str) -> None:
    """Point the SDK's JWKS lookups at the key server on ``base`` (keeping the path)."""
    from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

    real = jwt_token_validator._build_jwks_uri

    def local(*args: Any) -> str:
        parts = urlsplit(real(*args))
        return f"{base}/{parts.hostname}{parts.path}"

    jwt_token_validator._build_jwks_uri = local


def main(argv: list[str]) -> None:
    port, keys = int(argv[0]), argv[1]
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    redirect_sdk(keys)
    run(Settings(), host="127.0.0.1", port=port, options=OPTIONS)


if __name__ == "__main__":
    main(sys.argv[1:])
