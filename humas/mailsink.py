"""A real SMTP server (aiosmtpd) that keeps every message as an .eml file: development's outbox,
and the tests' sink. Nothing here is a mock: clients talk SMTP to it over TCP."""

import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class EmlDirHandler:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:12]}.eml"
        # Write to a temporary name first so a reader never sees half a message.
        tmp = self.directory / (name + ".part")
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(self.directory / name)
        return "250 Message accepted for delivery"


def mailsink_controller(directory, *, host="127.0.0.1", port=1025, handler=None):
    return Controller(handler or EmlDirHandler(directory), hostname=host, port=port)
