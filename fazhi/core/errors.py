"""Errors as types: what the user did wrong, what a portal did, what a document is."""


class UserError(Exception):
    """A mistake in the user's input: shown as one line, exit code 2, never a traceback."""


class PortalError(Exception):
    """Trouble a portal causes (a page that cannot be fetched, a file that cannot be read):
    recorded against the portal, never a reason to stop the run. Anything else is a bug."""


class FetchError(PortalError):
    """A URL that could not be fetched. transient: worth trying again later (a time-out, a
    reset connection, a 5xx), as opposed to a 404, a robots rule or a foreign host.
    blocked: the anti-bot challenge the host answered with (瑞数, 加速乐 …), if that is why.
    no_answer: no HTTP answer at all (refused, timed out, unknown host): the portal is unreachable."""

    def __init__(self, url: str, reason: str, transient: bool = False, blocked: str = "",
                 no_answer: bool = False):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.transient = transient
        self.blocked = blocked
        self.no_answer = no_answer


class RunCancelled(Exception):
    """The run was asked to stop (SIGTERM, SIGINT, a cancel from Prefect): no new request is
    sent; what was collected is kept."""


class UnreadableDocument(PortalError):
    """A fetched file whose text cannot be taken; the message says why."""


class UnparsablePage(PortalError):
    """A page whose cleaning or extraction killed the process doing it (twice): that page is
    not loaded, the reason is recorded, the others go on."""


class RejectedRow(PortalError):
    """A report whose facts the warehouse's constraints refuse (a year of 1890, a rate of
    300%): that report is not loaded, the reason is recorded, the others go on."""


class NeedsBrowser(PortalError):
    """A list page rendered by script, and no browser to render it with: the portal's outcome
    says `needs_browser`, with this reason (what is missing, how to install it)."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
