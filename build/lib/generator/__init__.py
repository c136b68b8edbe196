"""Community Guardians (社区守护者): content in, a bilingual public website out."""

__version__ = "0.1.0"
