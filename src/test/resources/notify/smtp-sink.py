#!/usr/bin/python3
"""A real SMTP server for the notification tests (Debian's python3-aiosmtpd): listens on 127.0.0.1:PORT,
accepts AUTH PLAIN/LOGIN only for USER/PASSWORD (any other login is refused with 535), and writes each
message it accepts to DIR as one file (envelope recipients on the first line, then the message)."""
import asyncio, os, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

port, directory, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

class Sink:
    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(directory, "%d-%d.eml" % (time.time_ns(), os.getpid()))
        with open(name + ".tmp", "wb") as f:
            f.write((",".join(envelope.rcpt_tos) + "\n").encode())
            f.write(envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode())
        os.rename(name + ".tmp", name)
        return "250 OK"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)

controller = Controller(Sink(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                        auth_require_tls=False, auth_required=True)
controller.start()
print("listening", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
