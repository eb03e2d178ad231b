"""A real SMTP server for the delivery tests (PyPI's aiosmtpd), and the judge of what it receives.

    python smtp_sink.py FOLDER [--defer N] [--refuse] [--delay SECONDS] [--tls CERT KEY] [--auth USER:PASSWORD]

Listens on a loopback port the system chooses (port 0: no other test can take it between the
choice and the bind) and prints "READY <port>" once it accepts connections. Every DATA it is
sent is first noted in FOLDER/arrived.log; with --delay it waits that long before replying. Every
DATA it is sent is logged to FOLDER/attempts.log (its time and the reply); the first N are
deferred with 451, and with --refuse every one is refused with 550. A message it accepts is
parsed by Python's email package (not by the code under test) and kept as FOLDER/<n>.eml, its
attachments as FOLDER/<n>-<filename>, and what the parser read as FOLDER/<n>.json: the decoded
Subject, From, To, Date, Message-ID, the text body, the attachments' names and types. Each file
is written under a temporary name and renamed, so a reader never sees half of one.

With --tls the server offers STARTTLS with that certificate and refuses mail before it; with
--auth it takes AUTH PLAIN and LOGIN with that user and password only (and only over TLS).
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import ssl
import sys
import threading
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    temporary = path + ".part"
    with open(temporary, "wb") as file:
        file.write(data)
    os.rename(temporary, path)


class Handler:
    def __init__(self, folder, defer, refuse, delay):
        self.folder = folder
        self.defer = defer
        self.refuse = refuse
        self.delay = delay
        self.attempts = 0
        self.accepted = 0

    def log(self, reply, envelope):
        with open(os.path.join(self.folder, "attempts.log"), "a") as file:
            file.write(f"{time.time():.3f} {reply.split()[0]} {','.join(envelope.rcpt_tos)}\n")

    async def handle_DATA(self, server, session, envelope):
        with open(os.path.join(self.folder, "arrived.log"), "a") as file:
            file.write(f"{time.time():.3f}\n")
        if self.delay:
            await asyncio.sleep(self.delay)
        self.attempts += 1
        if self.attempts <= self.defer:
            reply = "451 4.3.0 Mailbox busy, try again later"
        elif self.refuse:
            reply = "550 5.1.1 No such mailbox here"
        else:
            reply = "250 2.0.0 Message accepted"
        self.log(reply, envelope)
        if not reply.startswith("250"):
            return reply
        self.accepted += 1
        number = self.accepted
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        attachments = []
        for part in message.iter_attachments():
            name = part.get_filename()
            payload = part.get_payload(decode=True)
            stored = f"{number}-{name}"
            write_atomically(os.path.join(self.folder, stored), payload)
            attachments.append({"filename": name, "contentType": part.get_content_type(), "file": stored, "size": len(payload)})
        body = message.get_body(preferencelist=("plain",))
        summary = {
            "mailFrom": envelope.mail_from,
            "rcptTo": envelope.rcpt_tos,
            "subject": str(message["Subject"]),
            # As written on the wire (RFC 2047 words, folded), and the longest line of the message.
            "rawSubject": email.message_from_bytes(raw, policy=email.policy.compat32)["Subject"],
            "longestLine": max(len(line) for line in raw.split(b"\r\n")),
            "from": str(message["From"]),
            "to": str(message["To"]),
            "date": str(message["Date"]),
            "messageId": str(message["Message-ID"]),
            "text": body.get_content() if body is not None else None,
            "textCharset": body.get_content_charset() if body is not None else None,
            "attachments": attachments,
            "defects": [type(defect).__name__ for defect in message.defects],
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        }
        write_atomically(os.path.join(self.folder, f"{number}.eml"), raw)
        write_atomically(os.path.join(self.folder, f"{number}.json"), json.dumps(summary, ensure_ascii=False).encode())
        return reply


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--defer", type=int, default=0)
    parser.add_argument("--refuse", action="store_true")
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth")
    arguments = parser.parse_args()

    options = {"hostname": "localhost", "enable_SMTPUTF8": True}
    if arguments.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*arguments.tls)
        options.update(tls_context=context, require_starttls=True)
    if arguments.auth:
        user, password = arguments.auth.split(":", 1)

        def authenticate(server, session, envelope, mechanism, data):
            good = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password
            return AuthResult(success=good)

        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=True)

    handler = Handler(arguments.folder, arguments.defer, arguments.refuse, arguments.delay)
    loop = asyncio.new_event_loop()
    # Port 0: the system picks a free port as it binds, so tests running side by side never collide.
    server = loop.run_until_complete(loop.create_server(lambda: SMTP(handler, **options), host="127.0.0.1", port=0))
    port = server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    print(f"READY {port}", flush=True)
    try:
        # Until the test closes standard input (or ends the process).
        sys.stdin.read()
    finally:
        loop.call_soon_threadsafe(server.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)


if __name__ == "__main__":
    main()
