"""The platforms portals run on: one module each, with its fingerprint (data: patterns on the
first page's HTML and URL) and its list reader `read(column) -> list[ListItem]`.

Detection tries the modules in PLATFORMS order, most specific first; generic reads any list
with 下一页 links and is the fallback. The registry's `cms =` forces one by name.
"""
from __future__ import annotations

import re

from tasks.discover.platforms import (epoint, generic, gkmlpt, hanweb, hlj_search, hunan, infogate, jpaas, trs,
                                     trs_igs, trs_irs)

# most specific first: a jcms page also says 大汉 in its footer, and so do jpaas pages
JSON_PLATFORMS = (gkmlpt, jpaas, trs_igs, trs_irs, epoint, infogate, hlj_search)
PLATFORMS = (*JSON_PLATFORMS, hanweb, hunan, trs)
BY_NAME = {m.NAME: m for m in (*PLATFORMS, generic)}


def detect(html: str, url: str) -> str:
    """The platform a first page shows, by the fingerprints of each module; generic if none."""
    for module in PLATFORMS:
        for html_sign, url_sign in module.FINGERPRINTS:
            if (html_sign is None or re.search(html_sign, html)) and (url_sign is None or re.search(url_sign, url)):
                return module.NAME
    return generic.NAME
