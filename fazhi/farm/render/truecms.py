"""TrueCMS, the Nantong family (portal-platforms.md §2.13): a column page whose list comes from
/TrueCMS/messageController/getMessage.do?startrecord=&endrecord=&perpage=&columnId=<uuid>&callback=cb
as JSONP, `result` holding a Hanweb-like <datastore>. Quirks: 404 without a Referer; a perpage
above the site's limit answers empty or 404; a retired pager answers 404 to everything, only the
items in the page's hidden #initData remain.
markup: column_uuid, max_perpage, over_limit ("empty" | "404"), retired, init_items (how many
items #initData holds)."""

from __future__ import annotations

import json

from ..http import Call
from ..spec import PortalSpec
from . import bench
from . import platform as pf

ENDPOINT = "/TrueCMS/messageController/getMessage.do"


def list_paths(spec: PortalSpec) -> list[str]:
    return [spec.column_path]


def routes(spec: PortalSpec, sites: dict[str, str]):
    spec = pf.with_defaults(spec)
    m, base = spec.markup, sites[spec.id]

    def column() -> str:
        init = pf.rows(spec, base, spec.listed[: m.get("init_items", 0)])
        content = (f'<div id="initData" style="display:none">\n{init}\n</div>\n<div id="list"></div>\n'
                   '<script type="text/javascript">\n  var param = {\n'
                   f'    url: "{ENDPOINT}",\n    columnId: "{m["column_uuid"]}",\n    perpage: 20\n  }};\n'
                   '  truecms.pager(param);\n</script>')
        return pf.shell(spec, "", content)

    def datastore(start: int, end: int) -> str:
        shown = spec.listed[start - 1: end]
        records = "\n".join(f"<record><![CDATA[<li>{bench.link(spec, base, i, spec.column_path)}"
                            f"<span>{i.date}</span></li>]]></record>" for i in shown)
        return (f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(spec.listed)}</totalrecord>'
                f"<recordset>\n{records}\n</recordset></datastore>")

    def answer(path: str, params: dict[str, str], call: Call):
        if path != ENDPOINT:
            return None
        if m.get("retired") or not call.headers.get("referer"):
            return pf.NOT_FOUND
        per = pf.int_param(params, "perpage", 20)
        if per > m["max_perpage"]:
            if m.get("over_limit", "empty") == "404":
                return pf.NOT_FOUND
            result = '<?xml version="1.0" encoding="UTF-8"?><datastore><recordset></recordset></datastore>'
        elif params.get("columnId") != m["column_uuid"]:
            result = '<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>'
        else:
            start = max(1, pf.int_param(params, "startrecord", 1))
            result = datastore(start, min(pf.int_param(params, "endrecord", start + per - 1), start + per - 1))
        body = f'{params.get("callback", "cb")}({json.dumps({"result": result, "success": True}, ensure_ascii=False)});'
        return pf.text_response(200, body, "application/javascript;charset=UTF-8")

    return pf.site_pages(spec, column), answer
