#!/usr/bin/env python3
"""Starts Radicale (the real CalDAV server, from the project's venv) for the tests: 127.0.0.1, a
free port, storage in a temporary folder, any user name accepted, and a bounded lifetime.

Usage: radicale_server.py STORAGE_DIR [LIFETIME_SECONDS]   (prints the port on stdout)
"""
import os
import socket
import sys
import threading

storage = sys.argv[1]
lifetime = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
print(port, flush=True)
threading.Timer(lifetime, lambda: os._exit(0)).start()
sys.argv = ["radicale", "--server-hosts", f"127.0.0.1:{port}", "--storage-filesystem-folder", storage,
            "--auth-type", "none", "--logging-level", "warning"]
from radicale.__main__ import run  # noqa: E402
run()
