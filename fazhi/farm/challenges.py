"""Anti-bot answers a portal can give instead of its pages (portal-platforms.md §3.2), for test
portals whose spec sets ``challenge``. Shapes follow the documented signatures (status, the
script's markers, the cookies); the scripts are placeholders that do nothing."""

from __future__ import annotations

_HTML = "text/html; charset=utf-8"
# (status, content type, body, headers): the fields of fazhi.farm.http.Response
Answer = tuple[int, str, bytes, tuple[tuple[str, str], ...]]


def _rivers() -> Answer:
    # 瑞数: a cookieless request gets 412, an obfuscated <script> defining $_ts and a cookie
    body = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '<script type="text/javascript">var $_ts=window[\'$_ts\'];if(!$_ts)$_ts=window[\'$_ts\']={};'
            '$_ts.nsd=48213;$_ts.cd="qAnrrAlHcGqErqWmpa3kpqAlqGGEcqqbtqQaqGAU";</script>'
            '<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVI/c.FxJzG50F.dfe1675.js" r="m">'
            '</script></head><body></body></html>').encode()
    return (412, _HTML, body, (("Set-Cookie", "FSSBBIl1UgzbN7N80S=Vq2Tc0pXjQ; Path=/; HttpOnly"),))


def _jiasule() -> Answer:
    # 加速乐 / 知道创宇: 521 and a script that computes __jsl_clearance, then reloads
    body = ('<script>document.cookie=(\'_\')+(\'_\')+(\'j\')+(\'s\')+(\'l\')+(\'_\')+(\'c\')+(\'l\')+(\'e\')'
            '+(\'a\')+(\'r\')+(\'a\')+(\'n\')+(\'c\')+(\'e\')+(\'_\')+(\'s\')+(\'=\')+(-~[]+\'\')+\'|-1|\';'
            '__jsl_clearance_s=1;location.href=location.pathname+location.search</script>').encode()
    return (521, _HTML, body, (("Set-Cookie", "__jsluid_s=6a1b0f2e93; max-age=31536000; path=/; HttpOnly"),))


def _cloud_waf() -> Answer:
    body = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>拒绝执行 | 网站云防护系统</title></head>"
            "<body><div class=\"main\"><h2>您的请求已被网站云防护系统拦截</h2><p>拒绝执行：当前访问存在风险。</p>"
            "</div></body></html>").encode()
    return (403, _HTML, body, ())


def _c3vk(token: str) -> Answer:
    # a ~380 B shell that sets a cookie and reloads; the page is served once the cookie is sent
    body = (f'<html><head><script>document.cookie = "C3VK={token}; path=/; max-age=300";'
            'location.reload();</script></head><body></body></html>').encode()
    return (200, _HTML, body, ())


C3VK_TOKEN = "6c2f1d"


def challenge_response(kind: str, cookie_header: str) -> Answer | None:
    """What a portal guarded by ``kind`` answers a request carrying ``cookie_header``; None: the page."""
    if kind == "瑞数":
        return _rivers()
    if kind == "加速乐":
        return _jiasule()
    if kind == "网站云防护":
        return _cloud_waf()
    if kind == "C3VK":
        return None if f"C3VK={C3VK_TOKEN}" in (cookie_header or "") else _c3vk(C3VK_TOKEN)
    raise ValueError(f"unknown challenge {kind!r}")
