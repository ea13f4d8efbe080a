"""briefbot: turn shared articles into compact briefings and daily digests on Discord."""

__version__ = "0.1.0"
