"""Qt user interface over the reviewer_app core."""
