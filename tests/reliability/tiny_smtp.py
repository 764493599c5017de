"""A mail server of a test's own on 127.0.0.1: enough SMTP for Django's
backend to hand it a message, which it keeps for the test to read."""

import email
import email.policy
import socketserver
import threading
import time


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.say("220 tiny-smtp ready")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.say("250 tiny-smtp")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.say("250 OK")
            elif command == "DATA":
                self.say("354 end with a dot")
                self.server.keep(self.read_message())
                time.sleep(self.server.delay)
                self.say("250 kept")
            elif command == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 not here")

    def read_message(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            # A line that starts with a dot comes doubled (RFC 5321, 4.5.2).
            lines.append(line[1:] if line.startswith(b"..") else line)
        return email.message_from_bytes(b"".join(lines), policy=email.policy.default)

    def say(self, text):
        self.wfile.write(text.encode("ascii") + b"\r\n")


class TinySMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay=0):
        super().__init__(("127.0.0.1", 0), Handler)
        #: Seconds it takes to accept a message, as a busy server does.
        self.delay = delay
        self.messages = []
        self.lock = threading.Lock()

    @property
    def port(self):
        return self.server_address[1]

    def keep(self, message):
        with self.lock:
            self.messages.append(message)

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
