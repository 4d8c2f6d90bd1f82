"""Intake of form responses: reading exports, matching positions, demo data."""
