"""The test portals (tests only, not in the wheel): edge cases for discovery and fetching,
specs in portals.toml, served by fazhi.farm.

    from farm import start_test_farm, FARM_TRUTH
    with start_test_farm() as farm:      # free ports; base_port=P: site i on P + i
        farm.sites; farm.start_url("farm-generic"); farm.registry_toml(); farm.requests
        farm.reset_flaky()               # the flaky report page fails twice again

By hand: ``python -m tests.farm [BASE_PORT]`` (default 8711) serves it and writes a registry.

| site            | cms     | what it tests                                                        |
|-----------------|---------|----------------------------------------------------------------------|
| farm-trs-gbk    | trs     | index.html / index_1 / index_2, createPageHTML(3, 0, …), TRS_Editor   |
|                 |         | articles; GBK bytes, no charset in the header (meta gb2312 only)     |
| farm-generic    | generic | ul.list + 下一页 (list.html → list_2.html → list_3.html); robots.txt   |
|                 |         | disallows /private/ (a report-looking item lives there); a 302 to    |
|                 |         | the elsewhere host; a list link straight to the elsewhere host       |
| farm-attach     | generic | table rows + 下页 (index.jsp?pageIndex=N); notices whose report is    |
|                 |         | a .pdf (downfile.jsp, octet-stream), a .docx or an unreadable .doc   |
| farm-flaky      | trs     | UTF-8 .shtml TRS; the report page answers 503 twice, then 200        |
| farm-elsewhere  | -       | another host, in no registry entry: nothing should ever reach it     |

The JSON-API platforms (gkmlpt, jpaas, TRS IGS / IRS, Epoint, infogate, Heilongjiang search)
have one test portal each in platforms_json.toml (``PLATFORM_SPECS``), with their quirks.

Report items' ``report.source`` says where the text is: page, pdf / docx (an attachment of a
short notice page) or doc (an old binary Word file nobody can read: ``readable`` is False).
Report bodies end with the signature lines (unit, date). In the PDF the title is the first
line, paragraphs are wrapped and every page ends with a ``— N —`` footer.
"""

from __future__ import annotations

from pathlib import Path

from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.farm.running import Farm
from fazhi.farm.spec import load_specs
from fazhi.farm.truth import ItemTruth, PortalTruth, ReportTruth, portal_truth

FARM_BASE_PORT = 8711  # for a hand-run farm; tests use free ports
ELSEWHERE = "farm-elsewhere"
SPECS = load_specs(Path(__file__).with_name("portals.toml"))
PLATFORM_SPECS = load_specs(Path(__file__).with_name("platforms_json.toml"), SEED_REPORTS_DIR)
FARM_SITE_IDS: tuple[str, ...] = tuple(spec.id for spec in SPECS)  # fixed order: site i gets base_port + i
FARM_PORTAL_IDS: tuple[str, ...] = tuple(spec.id for spec in SPECS if spec.in_registry)
FARM_TRUTH: dict[str, PortalTruth] = {spec.id: portal_truth(spec) for spec in SPECS if spec.in_registry}
# Items a crawler must not fetch: (site id, item).
BLOCKED: tuple[tuple[str, ItemTruth], ...] = tuple(
    (sid, i) for sid, t in FARM_TRUTH.items() for i in t.items if not i.fetchable)
# Paths on the elsewhere host; a polite crawler of the farm never requests any of them.
ELSEWHERE_PATHS: tuple[str, ...] = tuple(i.path for s in SPECS if s.id == ELSEWHERE for i in s.items)


class TestFarm(Farm):
    header = "# fazhi portal registry for the TEST FARM (tests/farm).\n"


def start_test_farm(base_port: int = 0, host: str = "127.0.0.1") -> TestFarm:
    """Start the farm. base_port 0: free ports; else site i (FARM_SITE_IDS order) on base_port + i."""
    return TestFarm(SPECS, base_port, host).start()


def farm_reports() -> list[ReportTruth]:
    """Every report on the farm's portals (7: six readable, one .doc)."""
    return [r for t in FARM_TRUTH.values() for r in t.reports]


def list_items(site_id: str, kind: str | None = None, role: str | None = None) -> list[ItemTruth]:
    return [i for i in FARM_TRUTH[site_id].items
            if (kind is None or i.kind == kind) and (role is None or i.role == role)]
