"""A server of a test's own on 127.0.0.1 that takes connections and then
says nothing: a database or a cluster that hangs rather than refuses."""

import socketserver
import threading


class Silent(socketserver.BaseRequestHandler):
    """Reads what the client sends first, then holds the connection."""

    def handle(self):
        self.request.recv(65536)
        self.server.stopping.wait(60)


class LocalServer(socketserver.ThreadingTCPServer):
    """``handler`` on a free port of 127.0.0.1, served from a thread while
    the ``with`` block runs."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handler=Silent):
        super().__init__(("127.0.0.1", 0), handler)
        self.stopping = threading.Event()

    @property
    def port(self):
        return self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.shutdown()
        self.server_close()
