"""privacy-scan: check infrastructure against the technical promises of a privacy statement."""

__version__ = "0.1.0"
