"""briefing: grounded, structured briefings of news articles."""

__version__ = "0.1.0"
