"""Run the application under gunicorn, the production server."""

from __future__ import annotations

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
        from kasudesk.wsgi import application

        return application


def serve(*, host: str, port: int, workers: int) -> int:
    print(f"KasuDesk is running at http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
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
