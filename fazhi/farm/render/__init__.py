"""One renderer module per CMS family. Each has ``routes(spec, sites)``: the portal's page
table (path -> page) and, for families with a data API, a handler of its own requests.
A new platform is a module here plus specs that name it as their ``family``."""

from __future__ import annotations

from ..http import Response
from ..spec import PortalSpec
from . import epoint, generic, gkmlpt, hanweb, hlj_search, homepage, hunan, infogate, jpaas, shell, trs, trs_igs, trs_irs
from . import hanweb_xxgk, hebei_columns, jcms, label, trs_dialect, truecms, was5

FAMILIES = {"hanweb": hanweb, "hunan": hunan, "trs": trs, "generic": generic, "shell": shell,
            "homepage": homepage,
            # issue 13's HTML-fragment platforms and the Hanweb / TRS dialects
            "label": label, "hanweb_xxgk": hanweb_xxgk, "truecms": truecms, "hebei_columns": hebei_columns,
            "was5": was5, "jcms": jcms, "trs_dialect": trs_dialect}
# the JSON-API platforms (tasks/discover/platforms of the same names)
FAMILIES |= {m.__name__.rsplit(".", 1)[-1]: m for m in (gkmlpt, jpaas, trs_igs, trs_irs, epoint, infogate, hlj_search)}


def list_paths(spec: PortalSpec) -> list[str]:
    """Every list page's path (query included), first page first."""
    return FAMILIES[spec.family].list_paths(spec)


def routes(spec: PortalSpec, sites: dict[str, str]):
    pages, dynamic = FAMILIES[spec.family].routes(spec, sites)
    robots = Response(200, "text/plain", spec.robots.encode("utf-8"))
    return {**pages, "/robots.txt": lambda: robots}, dynamic
