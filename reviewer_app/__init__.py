"""reviewer_app core: positions, shared database, local cache, intake and export.

Nothing under this package outside ``reviewer_app.ui`` imports Qt.
"""

__version__ = "0.1.0"
