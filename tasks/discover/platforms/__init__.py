"""The platforms portals run on: one module each, with its fingerprint (data: patterns on the
first page's HTML and URL) and its list reader `read(column) -> list[ListItem]`; a platform with a site search also has
`title_search(column, phrases) -> list[ListItem]` (tasks.discover.title_search calls it).

Detection tries the modules in PLATFORMS order, most specific first; generic reads any list
with 下一页 links and is the fallback. The registry's `cms =` forces one by name.
"""
from __future__ import annotations

import re

from tasks.discover.platforms import (epoint, generic, gkmlpt, hanweb, hebei, hlj_search, hunan, infogate, jpaas,
                                     label, trs, trs_igs, trs_irs, truecms, was5, xxgk)

# most specific first: a jcms page also says 大汉 in its footer, and so do jpaas pages, the xxgk
# module's and TrueCMS's; a WAS5 column page may carry TRS article markup
JSON_PLATFORMS = (gkmlpt, jpaas, trs_igs, trs_irs, epoint, infogate, hlj_search)
HTML_PLATFORMS = (xxgk, truecms, label, hebei, was5)
PLATFORMS = (*JSON_PLATFORMS, *HTML_PLATFORMS, hanweb, hunan, trs)
BY_NAME = {m.NAME: m for m in (*PLATFORMS, generic)}


def detect(html: str, url: str) -> str:
    """The platform a first page shows, by the fingerprints of each module; generic if none."""
    for module in PLATFORMS:
        for html_sign, url_sign in module.FINGERPRINTS:
            if (html_sign is None or re.search(html_sign, html)) and (url_sign is None or re.search(url_sign, url)):
                return module.NAME
    return generic.NAME
