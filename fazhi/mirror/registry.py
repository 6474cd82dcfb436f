"""The portal registry (TOML) for a running mirror."""

from __future__ import annotations

import json

from .sites import SITES, Site


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string for these values


def _comment(site: Site) -> str:
    if site.cms == "hanweb":
        shape = f"Hanweb jcms, {site.proxy_method} dataproxy at {site.proxy_path}"
    else:
        shape = "Hunan platform, list.shtml / list_N.shtml"
    extra = ", GBK bytes, charset only in <meta>" if not site.charset_header else ""
    return f"# mirror of {site.name} ({shape}{extra})"


def portal_toml(site: Site, base_url: str) -> str:
    return "\n".join([
        _comment(site),
        "[[portal]]",
        f"id = {_s(site.id)}",
        f"name = {_s(site.name)}",
        f"admin_code = {_s(site.admin_code)}",
        f"province = {_s(site.province)}",
        f"city = {_s(site.city)}",
        f"county = {_s(site.county)}",
        f"start_urls = [{_s(base_url + site.column_path)}]",
        f"cms = {_s(site.cms)}",
    ]) + "\n"


def registry_toml(base_urls: dict[str, str], header: str = "") -> str:
    """Registry text for the sites in ``base_urls`` (site id -> ``http://host:port``)."""
    head = header or "# fazhi portal registry for the offline mirror (fazhi.mirror).\n"
    if not head.endswith("\n"):
        head += "\n"
    parts = [head]
    for sid, base in base_urls.items():
        parts.append(portal_toml(SITES[sid], base.rstrip("/")))
    return "\n".join(parts)
