"""The end-of-run summary: built from portal outcomes, shown as text and as Prefect markdown."""
from __future__ import annotations

from dataclasses import asdict


def build_summary(run_id: str, db: str, archive: str, outcomes, seconds: float) -> dict:
    rows = [asdict(o) for o in outcomes]
    totals = {"portals": len(rows), "failed_portals": sum(1 for r in rows if r["failed"]),
              "candidates": sum(r["candidates"] for r in rows), "requests": sum(r["requests"] for r in rows),
              "downloaded_bytes": sum(r["downloaded_bytes"] for r in rows), "seconds": round(seconds, 2),
              "rendered_pages": sum(r["rendered_pages"] for r in rows),
              "needs_browser": sum(1 for r in rows if r["needs_browser"])}
    for r in rows:
        for outcome, n in r["reports"].items():
            totals[f"reports_{outcome}"] = totals.get(f"reports_{outcome}", 0) + n
    totals["portal_status"] = {}
    for r in rows:
        totals["portal_status"][r["status"]] = totals["portal_status"].get(r["status"], 0) + 1
    status = "completed" if not totals["failed_portals"] else ("failed" if totals["failed_portals"] == len(rows) else "partial")
    return {"run_id": run_id, "status": status, "db": db, "archive": archive, "totals": totals, "portals": rows}


def checks_summary(checks) -> dict:
    """The data checks' results (warehouse/checks/) for a summary: how many ran, the failed by name."""
    return {"run": len(checks), "failed": [
        {"name": c.name, "severity": c.severity, "failing_rows": c.failing_rows, "sample": c.sample}
        for c in checks if not c.passed]}


def checks_lines(checks: dict) -> list[str]:
    """One line for the data checks, and one per failed check with a sample row."""
    failed = checks["failed"]
    lines = [f"Data checks: {checks['run'] - len(failed)} of {checks['run']} passed"]
    for c in failed:
        example = f", e.g. {' | '.join(c['sample'][0])}" if c["sample"] else ""
        lines.append(f"  ! {c['severity']} check {c['name']}: {c['failing_rows']} row(s){example}")
    return lines


_STATUS_ORDER = ["failed", "blocked", "needs_browser", "unreachable", "cancelled", "no_reports", "ok", ""]


def _reports_cell(reports: dict) -> str:
    return ", ".join(f"{n} {k}" for k, n in sorted(reports.items())) or "none"


def summary_text(summary: dict) -> str:
    t = summary["totals"]
    lines = [f"Run {summary['run_id']}: {summary['status']} in {t['seconds']} s — {t['portals']} portals, "
             f"{t['candidates']} candidates, {t['requests']} requests, {t['downloaded_bytes'] // 1024} KiB downloaded"]
    by_status = t.get("portal_status", {})
    lines.append("Portals by status: " + ", ".join(f"{n} {s}" for s, n in sorted(by_status.items())))
    for status in sorted(by_status, key=_STATUS_ORDER.index):
        for r in [r for r in summary["portals"] if r["status"] == status]:
            state = f"{status.upper()}: {r['reason']}" if r["reason"] else f"{status}; reports: {_reports_cell(r['reports'])}"
            lines.append(f"  {r['portal_id']:<22} {r['candidates']:>4} candidates  {state}")
            lines.extend(f"  {'':<22} {note}" for note in portal_notes(r))
            for err in r["errors"][:3]:
                if err not in r["reason"]:
                    lines.append(f"  {'':<22} ! {err}")
    if "checks" in summary:
        lines.extend(checks_lines(summary["checks"]))
    lines.append(f"Warehouse: {summary['db']}   raw archive: {summary['archive']}"
                 + (f"   read-only snapshot: {summary['snapshot']}" if summary.get("snapshot") else ""))
    return "\n".join(lines)


def portal_notes(row: dict) -> list[str]:
    """What a portal's discovery did beyond walking its lists: columns found from its home
    page, list pages rendered in a browser, or a browser needed and missing."""
    notes = [f"column found from the home page: {c}" for c in row["columns_found"]]
    if row["rendered_pages"]:
        notes.append(f"{row['rendered_pages']} list page(s) rendered in a headless browser")
    if row["needs_browser"]:
        notes.append("needs_browser: a list is built by script and no browser is installed")
    return notes


def summary_markdown(summary: dict) -> str:
    t = summary["totals"]
    out = [f"# fazhi run {summary['run_id']} — {summary['status']}", "",
           f"{t['portals']} portals, {t['candidates']} candidates, {t['requests']} requests, "
           f"{t['seconds']} s. Warehouse `{summary['db']}`, archive `{summary['archive']}`.", "",
           "| portal | status | candidates | reports | list pages | requests | reason |", "|---|---|---|---|---|---|---|"]
    for r in sorted(summary["portals"], key=lambda r: _STATUS_ORDER.index(r["status"])):
        out.append(f"| {r['portal_id']} | {r['status']} | {r['candidates']} | {_reports_cell(r['reports'])} | "
                   f"{r['list_pages']} | {r['requests']} | {r['reason']} |")
    notes = [(r["portal_id"], note) for r in summary["portals"] for note in portal_notes(r)]
    if notes:
        out += ["", "Discovery notes:", ""] + [f"- {portal}: {note}" for portal, note in notes]
    return "\n".join(out)
