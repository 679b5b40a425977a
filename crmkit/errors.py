"""The one exception type users see, with its message in their language."""

from __future__ import annotations

from crmkit import i18n


class CrmkitError(Exception):
    """An error a student or teacher can act on.

    The message is looked up in the language catalogs by ``key`` and formatted with the keyword
    arguments, in the language chosen when the error is raised. ``key`` and ``details`` stay
    available to code that wants to react to the error rather than show it.

    Examples
    --------
    >>> from crmkit import i18n
    >>> with i18n.language("en"):
    ...     str(CrmkitError("error.unknown_shop", shop="nope", valid="mall, tea"))
    "Unknown shop 'nope'. Valid shops: mall, tea."
    """

    def __init__(self, key: str, **details: object) -> None:
        self.key = key
        self.details = details
        super().__init__(i18n.t(key, **details))
