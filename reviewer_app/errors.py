"""Errors the user can fix, each naming the thing at fault and what to do."""


class UserError(Exception):
    """An error caused by input or environment the user controls.

    The CLI prints the message and exits 1; the UI shows it. Bugs are not UserErrors.
    """
