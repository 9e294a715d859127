#!/usr/bin/env python3
"""The baseline of scripts/bench-web.sh: serves the files of one folder over HTTP/1.1 on a
loopback port (printed first), keep-alive, each answer in one write with Nagle's algorithm off
(as real servers do: headers and body written apart would wait for the client's delayed ACK).
Files are read once, at start. Runs until killed.

  bench_static_server.py FOLDER
"""
import asyncio, os, socket, sys

folder = sys.argv[1]
files = {}
for name in os.listdir(folder):
    with open(os.path.join(folder, name), "rb") as handle:
        body = handle.read()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    files["/" + name] = head + body
missing = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


async def serve(reader, writer):
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while True:
            request = await reader.readuntil(b"\r\n\r\n")
            path = request.split(b" ", 2)[1].decode()
            writer.write(files.get(path, missing))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
