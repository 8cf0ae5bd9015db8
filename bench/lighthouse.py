"""Lighthouse scores of Today and the plan page, as a phone sees them, on the production settings.

    npm ci --prefix bench              # once: Lighthouse, pinned in bench/package-lock.json
    python bench/lighthouse.py         # 3 runs per page, the median score of each category
    python bench/lighthouse.py --runs 1 --keep /tmp/lh   # also keep each JSON report

A throwaway SQLite database seeded by bench/seed.py (one user: a warts plan six weeks in, its
past nights ticked, a log entry a day), gunicorn with whitenoise serving the hashed, compressed
static files (DEBUG off), a log-in through the form for the session cookie, then Lighthouse's
default mobile profile (emulated phone, simulated slow 4G and 4x slower CPU) in Debian's
chromium, for performance, accessibility and best practices. Target: each at least 95. Below
it, the audits that cost points are listed from the report.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from load import HOST, ROOT, Browser, prepare, serving, throwaway_database

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGET = 95


def lighthouse(url: str, cookie: str, report: Path) -> dict:
    """One Lighthouse run; its JSON report (also written to `report`)."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",  # the default, said aloud: emulated phone, slow 4G, 4x CPU
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    subprocess.run(command, check=True)
    return json.loads(report.read_text())


def scores(result: dict) -> dict[str, int]:
    return {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}


def costly_audits(result: dict, category: str) -> list[str]:
    """The audits of a category that did not pass, heaviest first, with what they found."""
    audits = result["audits"]
    refs = result["categories"][category]["auditRefs"]
    failing = [
        (ref["weight"], audits[ref["id"]])
        for ref in refs
        if audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]
    failing.sort(key=lambda pair: -pair[0])
    return [
        f"{audit['id']} (weight {weight}, score {audit['score']}): "
        f"{audit.get('displayValue') or audit['title']}"
        for weight, audit in failing
    ]


def metrics(result: dict) -> str:
    names = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")
    names += ("cumulative-layout-shift", "speed-index")
    return ", ".join(f"{n}: {result['audits'][n].get('displayValue', '?')}" for n in names)


def session_cookie(port: int, seeded: dict) -> str:
    """Log in through the form as the seeded user, as a browser would."""
    browser = Browser(port)
    browser.log_in(seeded["users"][0]["username"], seeded["password"])
    return f"sessionid={browser.cookies['sessionid']}"


def measure(pages: dict[str, str], cookie: str, runs: int, keep: Path) -> dict[str, list]:
    results = {name: [] for name in pages}
    for run in range(runs):
        for name, url in pages.items():
            result = lighthouse(url, cookie, keep / f"{name}-{run + 1}.json")
            print(f"{name} run {run + 1}: {scores(result)}; {metrics(result)}", file=sys.stderr)
            results[name].append(result)
    return results


def report(results: dict[str, list]) -> bool:
    """The median score of each category per page; the costly audits where below target."""
    print(f"\n{'page':<8}" + "".join(f"{c:>16}" for c in CATEGORIES))
    met = True
    for name, runs in results.items():
        medians = {c: statistics.median(scores(r)[c] for r in runs) for c in CATEGORIES}
        print(f"{name:<8}" + "".join(f"{medians[c]:>16g}" for c in CATEGORIES))
        for category in CATEGORIES:
            if medians[category] < TARGET:
                met = False
                print(f"  {category} below {TARGET}: in the last run,")
                for line in costly_audits(runs[-1], category):
                    print(f"    {line}")
    print(f"\ntarget: each at least {TARGET}: {'met' if met else 'MISSED'}")
    return met


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="per page (default 3; the median)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--keep", type=Path, help="a folder for the JSON reports")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix bench")
    keep = args.keep or Path(tempfile.mkdtemp(prefix="planner-lighthouse-"))
    keep.mkdir(parents=True, exist_ok=True)
    with throwaway_database("sqlite") as env:
        seeded = prepare(env, users=1)
        base = f"http://{HOST}:{args.port}"
        pages = {"today": f"{base}/today/", "plan": f"{base}/plans/{seeded['users'][0]['plan']}/"}
        with serving({**env, "WEB_CONCURRENCY": "2"}, args.port):
            met = report(measure(pages, session_cookie(args.port, seeded), args.runs, keep))
    if not args.keep:
        shutil.rmtree(keep, ignore_errors=True)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
