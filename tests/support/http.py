"""An HTTP/1.1 POST written to the socket in several pieces, as a slow or chunking proxy does.

aiohttp's own client writes a small body in one go; a webhook must not depend on that.
"""

from __future__ import annotations

import asyncio


async def post_in_pieces(
    host: str,
    port: int,
    path: str,
    body: bytes,
    headers: dict[str, str],
    *,
    pieces: int = 4,
    pause: float = 0.05,
) -> int:
    """POST ``body`` with ``Content-Length``, in ``pieces`` separate writes; returns the status.

    The pause between writes only makes it likely that each piece arrives on its own (no
    assertion depends on the timing).
    """
    reader, writer = await asyncio.open_connection(host, port)
    try:
        head = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        head.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        size = -(-len(body) // pieces)
        for start in range(0, len(body), size):
            await asyncio.sleep(pause)
            writer.write(body[start : start + size])
            await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 10)
        return int(status_line.split()[1])
    finally:
        writer.close()
        await writer.wait_closed()
