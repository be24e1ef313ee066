"""Misbehaving AWS endpoints on 127.0.0.1, for tests: one that never answers, one that resets,
and one that answers 200 with a body the test chooses.

Each is a context manager that binds a free loopback port, serves from daemon threads and
closes every socket on exit, so a test that uses one is bounded by the client's own timeouts.
botocore reaches them through its service-specific endpoint variables
(``AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=…``), everything else still goes to moto.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Callable


class _Server:
    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.2)
        self._clients: list[socket.socket] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.connections = 0
        self.requests: list[bytes] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> _Server:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        with self._lock:
            for conn in self._clients:
                with contextlib.suppress(OSError):
                    conn.close()
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self._clients.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _read_request(self, conn: socket.socket) -> bytes | None:
        """One HTTP request (headers and Content-Length body), or None when the peer went away."""
        conn.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return None
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(body) < length:
                chunk = conn.recv(65536)
                if not chunk:
                    return None
                body += chunk
        except OSError:
            return None
        with self._lock:
            self.requests.append(head + b"\r\n\r\n" + body)
        return head + b"\r\n\r\n" + body

    def _serve(self, conn: socket.socket) -> None:
        raise NotImplementedError


class Silent(_Server):
    """Accepts, reads the request, and never answers (a hung endpoint or a black-holing proxy)."""

    def _serve(self, conn: socket.socket) -> None:
        self._read_request(conn)
        self._stop.wait()


class Resetting(_Server):
    """Reads the request, then resets the connection (RST, not a clean close)."""

    def _serve(self, conn: socket.socket) -> None:
        self._read_request(conn)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()


class Answering(_Server):
    """Answers each request with ``HTTP 200`` and the body ``answer(request)`` chooses."""

    def __init__(self, answer: Callable[[bytes], tuple[bytes, str]]) -> None:
        super().__init__()
        self._answer = answer

    def _serve(self, conn: socket.socket) -> None:
        while not self._stop.is_set():
            request = self._read_request(conn)
            if request is None:
                return
            body, content_type = self._answer(request)
            head = (
                "HTTP/1.1 200 OK\r\n"
                f"Content-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n"
                "x-amzn-RequestId: test\r\n\r\n"
            )
            try:
                conn.sendall(head.encode() + body)
            except OSError:
                return


def json_target(request: bytes) -> str:
    """The operation of a JSON-protocol request (``X-Amz-Target: Logs_20140328.DescribeLogGroups``)."""
    for line in request.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"x-amz-target":
            return value.strip().decode().rpartition(".")[2]
    return ""
