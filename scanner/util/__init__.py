"""Small helpers shared across folders."""
