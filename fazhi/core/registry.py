"""The portal registry (seeds/portals.toml): which portals to crawl and what they are.

Every mistake is reported as one line naming the file, the entry, the field and what is wrong.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fazhi.core import gazetteer
from fazhi.core.errors import UserError

CMS_KINDS = ("auto", "hanweb", "trs", "hunan", "generic",
             # issue 13's platforms (tasks/discover/platforms/: one module each)
             "hanweb_xxgk", "truecms", "label", "hebei_columns", "was5",
             "gkmlpt", "jpaas", "trs_igs", "trs_irs", "epoint", "infogate", "hlj_search")
LEVELS = ("government", "department")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HOST_RE = re.compile(r"^[A-Za-z0-9.-]+(:\d+)?$")

_REQUIRED = ("id", "name", "admin_code")
# province, city and county are filled from the gazetteer by admin_code; given, they must agree.
# start_urls or home: the list pages to walk, or a home page from which discovery finds them.
_OPTIONAL = ("start_urls", "home", "province", "city", "county", "cms", "allowed_hosts", "level", "department",
             "proxy", "note")


@dataclass(frozen=True)
class Portal:
    id: str
    name: str
    admin_code: str
    province: str
    city: str                      # "" for a province
    county: str                    # "" above the county level
    start_urls: tuple[str, ...]
    cms: str = "auto"
    home: str = ""                 # given alone: discovery finds the report columns from this page
    allowed_hosts: tuple[str, ...] = ()
    level: str = "government"
    department: str = ""
    proxy: str = ""                # http(s)://host:port this portal is fetched through ("" = the run's)

    @property
    def unit_name(self) -> str:
        """The division the portal belongs to: 江北区, 宁波市 or 浙江省."""
        return self.county or self.city or self.province

    @property
    def hosts(self) -> frozenset[str]:
        """Hosts the crawler may follow for this portal: the hosts of start_urls and home, plus allowed_hosts."""
        return frozenset({urlsplit(u).netloc.lower() for u in (*self.start_urls, *([self.home] if self.home else []))}
                         | {h.lower() for h in self.allowed_hosts})


class RegistryError(UserError):
    pass


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _validate_entry(raw: dict, where: str) -> Portal:
    def fail(fieldname: str, what: str) -> None:
        raise RegistryError(f"{where}, field '{fieldname}': {what}")

    for key in raw:
        if key not in _REQUIRED and key not in _OPTIONAL:
            fail(key, f"unknown field (allowed: {', '.join(_REQUIRED + _OPTIONAL)})")
    for key in _REQUIRED:
        if key not in raw:
            fail(key, "missing")
    for key in ("id", "name", "admin_code"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            fail(key, "must be a non-empty string")
    for key in ("province", "city", "county"):
        if not isinstance(raw.get(key, ""), str):
            fail(key, "must be a string")
    if not _ID_RE.match(raw["id"]):
        fail("id", f"{raw['id']!r} is not a slug (lowercase letters, digits and '-')")
    if not re.fullmatch(r"\d{6}", raw["admin_code"]):
        fail("admin_code", f"{raw['admin_code']!r} is not a 6-digit division code")
    division = gazetteer.by_code(raw["admin_code"])
    if division is None:
        fail("admin_code", f"{raw['admin_code']} is no division in the gazetteer (fazhi/core/data/gazetteer.csv)")
    expected = _chain(division)
    for key in ("province", "city", "county"):
        given = raw.get(key, "").strip()
        if given and given != expected[key]:
            said = f"{expected[key]!r}" if expected[key] else "none (it is a " + division.level + ")"
            fail(key, f"{given!r} does not fit admin_code {division.code} ({division.name}): expected {said}")
    home = raw.get("home", "")
    if not isinstance(home, str) or (home and not _is_http_url(home)):
        fail("home", f"{home!r} is not an http(s) URL")
    if "start_urls" not in raw and not home:
        fail("start_urls", "missing (give the list pages, or `home` for discovery to find them from the home page)")
    urls = raw.get("start_urls", [])
    if not isinstance(urls, list) or (not urls and not home):
        fail("start_urls", "must be a non-empty list of http(s) URLs")
    for url in urls:
        if not isinstance(url, str) or not _is_http_url(url):
            fail("start_urls", f"{url!r} is not an http(s) URL")
    cms = raw.get("cms", "auto")
    if cms not in CMS_KINDS:
        fail("cms", f"{cms!r} is not one of {' | '.join(CMS_KINDS)}")
    hosts = raw.get("allowed_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and _HOST_RE.match(h) for h in hosts):
        fail("allowed_hosts", "must be a list of host names such as \"file.example.gov.cn\"")
    level = raw.get("level", "government")
    if level not in LEVELS:
        fail("level", f"{level!r} is not one of {' | '.join(LEVELS)}")
    department = raw.get("department", "")
    if not isinstance(department, str):
        fail("department", "must be a string")
    if level == "department" and not department.strip():
        fail("department", "missing: a portal with level = \"department\" names its department (e.g. \"司法局\")")
    if level == "government" and department.strip():
        fail("level", f"must be \"department\" when a department ({department.strip()!r}) is given")
    proxy = raw.get("proxy", "")
    if proxy and (not isinstance(proxy, str) or not _is_http_url(proxy)):
        fail("proxy", f"{proxy!r} is not an http(s) proxy URL such as \"http://10.0.0.2:3128\"")
    return Portal(
        id=raw["id"], name=raw["name"].strip(), admin_code=raw["admin_code"],
        province=expected["province"], city=expected["city"], county=expected["county"],
        start_urls=tuple(urls), cms=cms, allowed_hosts=tuple(hosts), level=level,
        department=department.strip(), proxy=proxy, home=home,
    )


def _chain(division: gazetteer.Division) -> dict[str, str]:
    """province, city and county of a division, "" where its level has none."""
    return {"province": division.province,
            "city": division.city if division.level in ("prefecture", "county") else "",
            "county": division.name if division.level == "county" else ""}


def parse_registry(text: str, source: str = "<registry>") -> list[Portal]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{source}: not valid TOML: {exc}") from None
    entries = data.get("portal")
    extra = [k for k in data if k != "portal"]
    if extra:
        raise RegistryError(f"{source}: unknown top-level key {extra[0]!r} (expected [[portal]] tables)")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{source}: no [[portal]] entries")
    portals: list[Portal] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(entries, start=1):
        label = raw.get("id") if isinstance(raw.get("id"), str) else None
        where = f"{source}: portal #{index}" + (f" ({label})" if label else "")
        portal = _validate_entry(raw, where)
        if portal.id in seen:
            raise RegistryError(f"{where}, field 'id': duplicate of portal #{seen[portal.id]}")
        seen[portal.id] = index
        portals.append(portal)
    return portals


def load_registry(path: str | Path) -> list[Portal]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(f"{path}: registry file not found") from None
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read ({exc.strerror})") from None
    return parse_registry(text, str(path))


def select_portals(portals: list[Portal], ids: list[str] | None) -> list[Portal]:
    if not ids:
        return portals
    known = {p.id: p for p in portals}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise RegistryError(f"unknown portal id {unknown[0]!r} (registry has: {', '.join(sorted(known)[:8])}…)")
    return [known[i] for i in ids]
