"""KasuDesk: prevent and handle customer harassment at work."""

__version__ = "0.1.0.dev0"
