#!/usr/bin/env python3
"""Check a `vigil scan --format json` report against debsecan's rules, computed here independently.

  check-debian-scan.py TRACKER_JSON STATUS REPORT_JSON [--release bookworm]

Reads the feed and status made by ../shared/tools/make-debian-feed.py, applies the rules with the shared
debver.py (dpkg ordering, checked against dpkg by `make-debian-feed.py --selftest`) and compares the set of
(source, CVE, installed, fixed) with the report's. Exit 0 when they are identical.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "tools"))
if os.environ.get("VIGIL_SHARED_DIR"):
    sys.path.insert(0, os.path.join(os.environ["VIGIL_SHARED_DIR"], "tools"))
import debver  # noqa: E402


def installed_sources(path):
    for stanza in open(path).read().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in stanza.splitlines() if ": " in line and not line.startswith(" "))
        if not fields.get("Status", "").endswith(" installed"):
            continue
        source, version = fields.get("Source", fields["Package"]), fields["Version"]
        if "(" in source:
            source, version = source.split(" (")[0], source.split("(")[1].rstrip(")")
        yield source, version


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tracker")
    ap.add_argument("status")
    ap.add_argument("report")
    ap.add_argument("--release", default="bookworm")
    a = ap.parse_args()
    feed = json.load(open(a.tracker))
    expected = set()
    for source, version in set(installed_sources(a.status)):
        for cve, entry in feed.get(source, {}).items():
            verdict = entry["releases"].get(a.release)
            if verdict is None:
                continue
            if verdict["status"] == "resolved":
                fixed = verdict["fixed_version"]
                if fixed != "0" and debver.compare(version, fixed) < 0:
                    expected.add((source, cve, version, fixed))
            else:
                expected.add((source, cve, version, None))
    report = json.load(open(a.report))
    actual = {(f["package"], f["cve"], f["installedVersion"], f["fixedVersion"]) for f in report["findings"]}
    print(f"expected {len(expected)} findings, report has {len(actual)}; "
          f"missing {len(expected - actual)}, extra {len(actual - expected)}")
    for row in sorted(expected - actual, key=str)[:10]:
        print("missing", row)
    for row in sorted(actual - expected, key=str)[:10]:
        print("extra", row)
    return 0 if expected == actual else 1


if __name__ == "__main__":
    sys.exit(main())
