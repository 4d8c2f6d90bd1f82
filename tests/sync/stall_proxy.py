"""A TCP proxy on 127.0.0.1 that forwards to the test PostgreSQL server until it stalls.

Stalled, it stops forwarding in both directions but keeps every socket open: the kernel
still acknowledges what the client sends, so no TCP timeout or keepalive ever fires, as
with a VPN or Wi-Fi that goes silent. It sends traffic only to 127.0.0.1, and every
thread stops within a fraction of a second of :meth:`StallingProxy.close`. A stall lasts
at most ``max_stall_s`` (then the proxy closes), so that a test of code that would wait
for ever still ends, failing.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

from sqlalchemy.engine import make_url

_POLL_S = 0.05


class StallingProxy:
    """Forwards 127.0.0.1:``port`` to ``target``; :meth:`stall` and :meth:`resume` it.

    Args:
        target: (host, port) of the PostgreSQL server, on this machine.
        stall_after_bytes: Stall by itself once this many bytes came from the server
            (None: only when told).
        max_stall_s: How long a stall may last before the proxy closes.
    """

    def __init__(
        self,
        target: tuple[str, int],
        stall_after_bytes: int | None = None,
        max_stall_s: float = 30.0,
    ) -> None:
        assert target[0] in ("127.0.0.1", "localhost"), "the proxy only talks to this machine"
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(_POLL_S)
        self.port: int = self._listener.getsockname()[1]
        self._stall_after = stall_after_bytes
        self._from_server = 0
        self._lock = threading.Lock()
        self._forwarding = threading.Event()
        self._forwarding.set()
        self.stalled = threading.Event()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._max_stall_s = max_stall_s
        self._threads = [
            threading.Thread(target=self._accept, daemon=True, name="proxy-accept"),
            threading.Thread(target=self._limit_stalls, daemon=True, name="proxy-limit"),
        ]
        for thread in self._threads:
            thread.start()

    def url(self, url: str) -> str:
        """``url`` (of the target server) going through the proxy instead."""
        return (
            make_url(url)
            .set(host="127.0.0.1", port=self.port)
            .render_as_string(hide_password=False)
        )

    def stall(self) -> None:
        """Stops forwarding; connections stay open and silent."""
        self._forwarding.clear()
        self.stalled.set()

    def resume(self) -> None:
        """Forwards again (what was held back goes through)."""
        self.stalled.clear()
        self._forwarding.set()

    def close(self) -> None:
        """Closes every socket; the threads end within a fraction of a second."""
        self._closed.set()
        self._forwarding.set()
        with self._lock:
            sockets = [self._listener, *self._sockets]
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in list(self._threads):
            if thread is not threading.current_thread():
                thread.join(timeout=2)

    def __enter__(self) -> StallingProxy:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _limit_stalls(self) -> None:
        while not self._closed.is_set():
            if not self.stalled.wait(_POLL_S):
                continue
            if not self._forwarding.wait(self._max_stall_s) and not self._closed.is_set():
                self.close()
                return

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self._target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, target, counted in ((client, upstream, False), (upstream, client, True)):
                thread = threading.Thread(
                    target=self._pump, args=(source, target, counted), daemon=True
                )
                self._threads.append(thread)
                thread.start()

    def _wait_until_forwarding(self) -> bool:
        while not self._forwarding.wait(_POLL_S):
            if self._closed.is_set():
                return False
        return not self._closed.is_set()

    def _pump(self, source: socket.socket, target: socket.socket, from_server: bool) -> None:
        source.settimeout(_POLL_S)
        try:
            while self._wait_until_forwarding():
                try:
                    data = source.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                if from_server and self._stall_after is not None:
                    with self._lock:
                        self._from_server += len(data)
                        if self._from_server >= self._stall_after:
                            self._stall_after = None
                            self.stall()
                # Read before the stall began: held back until it ends.
                if not self._wait_until_forwarding():
                    break
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
