"""Score fazhi's discovery against a portal farm's ground truth.

Two ways to decide which list items a run takes for reports:
- `judge_portal`: fazhi.pipeline.process_portal itself, without loading what it collects;
- `taken_from_warehouse`: the reports a real process_portal / flow run loaded.
`score` compares either with the truth: recall of reports, look-alikes taken for reports,
per CMS family, with every miss and every false report listed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from fazhi.pipeline.portal import RunContext, process_portal


@dataclass
class Judged:
    url: str
    title: str
    kind: str                 # the candidate kind discovery gave
    reason: str
    taken: bool = False       # loaded as a report
    year: int | None = None   # the report year extraction found (taken only)
    unit: str | None = None   # the division code extraction credited it to (taken only)
    why: str = ""             # why not taken, when it was looked at


@dataclass
class PortalRun:
    portal_id: str
    judged: dict[str, Judged] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    failed: str | None = None
    list_pages: int = 0
    requests: int = 0

    @property
    def taken(self) -> dict[str, int | None]:
        return {u: j.year for u, j in self.judged.items() if j.taken}


def judge_portal(portal, ctx: RunContext) -> PortalRun:
    """process_portal without a warehouse: which candidates it would load as reports, and why
    not the others (each candidate's reason records the decisions made about it)."""
    haul = process_portal(portal, ctx)
    out = haul.outcome
    run = PortalRun(portal.id, errors=out.errors, failed=out.failed, list_pages=out.list_pages,
                    requests=out.requests)
    for c in haul.candidates:
        run.judged[c.url] = Judged(c.url, c.title, c.kind, c.reason, why=c.reason)
    for item in haul.reports:
        j = run.judged.setdefault(item.url, Judged(item.url, "", "", "not a candidate"))
        j.taken, j.year, j.why = True, item.facts.metadata.report_year, ""
        j.unit = item.facts.metadata.admin_code
    return run


def taken_from_warehouse(warehouse, portal_ids) -> dict[str, PortalRun]:
    """PortalRuns rebuilt from what a process_portal / flow run put into the warehouse."""
    runs = {pid: PortalRun(pid) for pid in portal_ids}
    for url, pid, title, kind, reason in warehouse.query(
            "SELECT url, portal_id, title, kind, reason FROM candidates"):
        if pid in runs:
            runs[pid].judged[url] = Judged(url, title, kind, reason)
    for url, pid, year, unit in warehouse.query("SELECT url, portal_id, report_year, admin_code FROM reports"):
        if pid in runs:
            j = runs[pid].judged.setdefault(url, Judged(url, "", "", "not a candidate"))
            j.taken, j.year, j.unit = True, year, unit
    return runs


# ----------------------------------------------------------------------------- scoring --
@dataclass
class Score:
    reports: int = 0
    found: int = 0
    lookalikes: int = 0
    lookalikes_taken: int = 0
    filler: int = 0
    filler_taken: int = 0
    unlisted_taken: int = 0       # taken URLs that are not list items (chrome links, …)
    wrong_year: int = 0           # found reports whose extracted year differs from the truth
    wrong_unit: int = 0           # found reports credited to another division than their author
    portals: int = 0
    failed: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.reports if self.reports else 1.0

    @property
    def lookalike_rate(self) -> float:
        return self.lookalikes_taken / self.lookalikes if self.lookalikes else 0.0

    def add(self, other: "Score") -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


@dataclass
class Outcome:
    by_family: dict[str, Score]
    total: Score
    misses: list[tuple[str, str, str, str]]        # (portal, cms, title, why)
    false_reports: list[tuple[str, str, str, str]]  # (portal, cms, title, what it really is)
    by_lookalike_family: dict[str, list[int]]       # family -> [present, taken]


def score(farm, runs: dict[str, PortalRun], years: set[int] | None = None) -> Outcome:
    fams: dict[str, Score] = defaultdict(Score)
    misses, falses = [], []
    la_fam: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pid, truth in farm.truth.items():
        run = runs.get(pid) or PortalRun(pid, failed="not run")
        s = Score(portals=1, failed=int(bool(run.failed)))
        taken = run.taken
        wanted_reports = {i.url: i for i in truth.reports(years)}
        s.reports = len(wanted_reports)
        for url, item in wanted_reports.items():
            if url in taken:
                s.found += 1
                unit, author = run.judged[url].unit, item.admin_code or truth.admin_code
                if unit != author:
                    s.wrong_unit += 1
                    misses.append((pid, truth.family, item.title, f"found, but credited to {unit} (truth {author})"))
                if taken[url] != item.report_year:
                    s.wrong_year += 1
                    misses.append((pid, truth.family, item.title,
                                   f"found, but report year {taken[url]} (truth {item.report_year})"))
            else:
                j = run.judged.get(url)
                why = run.failed or ("never listed (paging?)" if j is None else
                                     f"{j.kind}: {j.why or j.reason}")
                misses.append((pid, truth.family, item.title, why))
        for url, item in truth.items.items():
            if item.is_report:
                if url in taken and url not in wanted_reports:
                    s.unlisted_taken += 1     # a report of a year not asked for
                    falses.append((pid, truth.family, item.title, f"report on {item.report_year}, not asked for"))
                continue
            if item.is_lookalike:
                s.lookalikes += 1
                la_fam[item.family][0] += 1
            else:
                s.filler += 1
            if url in taken:
                if item.is_lookalike:
                    s.lookalikes_taken += 1
                    la_fam[item.family][1] += 1
                else:
                    s.filler_taken += 1
                falses.append((pid, truth.family, item.title, f"{item.family} ({item.kind})"))
        for url in taken:
            if url not in truth.items:
                s.unlisted_taken += 1
                j = run.judged.get(url)
                falses.append((pid, truth.family, j.title if j else url, f"not a list item: {url}"))
        fams[truth.family].add(s)
    total = Score()
    for s in fams.values():
        total.add(s)
    return Outcome(dict(fams), total, misses, falses, dict(la_fam))


def format_outcome(out: Outcome, title: str = "") -> str:
    lines = []
    if title:
        lines += [title, ""]
    lines += ["| CMS | portals | reports found / present | recall | look-alikes taken / present | rate "
              "| filler taken | other URLs taken | wrong year | wrong unit |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for fam, s in sorted(out.by_family.items()) + [("**all**", out.total)]:
        lines.append(f"| {fam} | {s.portals} | {s.found} / {s.reports} | {s.recall:.1%} | "
                     f"{s.lookalikes_taken} / {s.lookalikes} | {s.lookalike_rate:.1%} | {s.filler_taken} | "
                     f"{s.unlisted_taken} | {s.wrong_year} | {s.wrong_unit} |")
    lines += ["", "| look-alike family | present | taken for a report |", "|---|---:|---:|"]
    for fam, (present, taken) in sorted(out.by_lookalike_family.items()):
        lines.append(f"| {fam} | {present} | {taken} |")
    lines += ["", f"Misses ({len(out.misses)}):"]
    lines += [f"  - [{pid} {cms}] {t}  <- {why}" for pid, cms, t, why in out.misses] or ["  (none)"]
    lines += ["", f"False reports ({len(out.false_reports)}):"]
    lines += [f"  - [{pid} {cms}] {t}  <- {what}" for pid, cms, t, what in out.false_reports] or ["  (none)"]
    return "\n".join(lines)
