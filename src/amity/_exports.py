"""Public names re-exported lazily from :mod:`amity` (name -> (module, attribute)).

Each layer adds its user-facing functions here, one line each.
"""
EXPORTS: dict[str, tuple[str, str]] = {
    "connect": ("amity.store", "connect"),
}
