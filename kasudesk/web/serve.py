"""Run the application under gunicorn, the production server."""

from __future__ import annotations

import sys
import threading
from typing import Any

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported here so each worker builds the application after forking.
        from kasudesk.screening import warm_up  # noqa: PLC0415
        from kasudesk.wsgi import application  # noqa: PLC0415

        # Loading the screening rules takes seconds: do it while the worker
        # waits for its first requests, not during the first report filed.
        threading.Thread(target=warm_up, name="screening-warm-up", daemon=True).start()
        return application


def serve(*, host: str, port: int, workers: int) -> int:
    sys.stdout.write(f"KasuDesk is running at http://{host}:{port}/  (Ctrl+C to stop)\n")
    sys.stdout.flush()
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "accesslog": "-",
            "timeout": 60,
        }
    ).run()
    return 0
