"""X-Hub-Signature-256: only an exact HMAC of the raw body with the app secret passes."""

from __future__ import annotations

import pytest

from bot.whatsapp.signature import sign, verify_signature

SECRET = b"app-secret-for-tests"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'


def test_good_signature_passes() -> None:
    assert verify_signature(SECRET, BODY, sign(SECRET, BODY))


def test_upper_case_hex_is_the_same_signature() -> None:
    header = sign(SECRET, BODY)
    assert verify_signature(SECRET, BODY, "sha256=" + header[7:].upper())


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "sha256=",
        "sha1=" + "0" * 40,
        "sha256=" + "0" * 64,
        "sha256=" + "zz" * 32,
        "sha256=" + "\u00e9" * 64,
        sign(b"another-secret", BODY),
        sign(SECRET, BODY)[:-2],
    ],
)
def test_missing_malformed_or_wrong_signatures_fail(header: str | None) -> None:
    assert not verify_signature(SECRET, BODY, header)


def test_a_signature_does_not_carry_over_to_a_changed_body() -> None:
    header = sign(SECRET, BODY)
    assert not verify_signature(SECRET, BODY + b" ", header)
    assert not verify_signature(SECRET, BODY.replace(b"[]", b"[{}]"), header)
