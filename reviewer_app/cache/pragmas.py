"""The SQLite settings of the cache's connections: as usual, and while a bulk load runs.

A connection is switched between them before a transaction begins (SQLite refuses to
change the sync level inside one); see :meth:`LocalCache.set_bulk_loading`.
"""

from __future__ import annotations

# A 32 MB page cache (SQLite frees what it holds when the size is set back; 64 MB was
# no faster, and 34 MB more) and no automatic checkpoint: one at a commit held every
# writer of the app for up to 0.2 s; the load runs them itself, outside its
# transactions (LocalCache.checkpoint_passive). No flush to disk at those checkpoints
# (16 of them cost a first sync 0.5 s): a bulk load only fills an empty cache, whose
# files an OS crash may then damage but not of anything that was only on this laptop
# (salvage keeps the rest; the next sync downloads the applications again). The load's
# last checkpoint flushes.
# No foreign keys enforced either: while a page's row points at one later in the page
# (the pull applies rows in revision order), SQLite looks for the children of every
# application inserted meanwhile, in tables whose indexes the load left out: 2,000
# applications took 9.6 s beside 100,000 rows of decision history, instead of 10 ms.
# The server's rows keep its foreign keys; links that dangle all the same are cut at
# the end of the load (bulk_load.cut_dangling_links).
BULK_PRAGMAS = (
    "cache_size = -32768",
    "wal_autocheckpoint = 0",
    "synchronous = OFF",
    "foreign_keys = OFF",
)
# Safe with WAL: a power cut may lose the last commits, never corrupt.
USUAL_SYNCHRONOUS = "NORMAL"
USUAL_PRAGMAS = (
    "cache_size = -2000",
    "wal_autocheckpoint = 1000",
    f"synchronous = {USUAL_SYNCHRONOUS}",
    "foreign_keys = ON",
)
