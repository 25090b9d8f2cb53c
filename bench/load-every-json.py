#!/usr/bin/env python3
"""The "load every JSON each run" approach Yocto's improve_kernel_cve_report.py takes, for comparison with Vigil:
read all cve/published/*/*.json of a vulns.git tree and decide, from each record's affected blocks, which CVEs
affect one kernel version. Written here from the CVE JSON 5 rules (not Yocto's code); it answers the same
question the same way in cost: one json.load per record per run.

  load-every-json.py VULNS_DIR VERSION
"""
import glob
import json
import os
import sys


def numbers(text):
    return tuple(int(x) for x in text.split("."))


def branch(v):
    return v[:3] if v[:2] == (2, 6) else v[:2]


def mainline(v):
    return len(v) <= (3 if v[:2] == (2, 6) else 2)


def pad(v):
    return v + (0,) * (4 - len(v))


def affected(record, version):
    for block in record["containers"]["cna"].get("affected", []):
        default_affected = block.get("defaultStatus") == "affected"
        covered = False
        for v in block.get("versions", []):
            if v.get("versionType") == "git":
                continue
            start = numbers(v["version"])
            hit = False
            if "lessThan" in v:
                end = numbers(v["lessThan"])
                scope = branch(end) if not mainline(end) else (branch(start) if len(start) > 1 and not mainline(start) else None)
                hit = pad(start) <= pad(version) < pad(end) and (scope is None or branch(version) == scope)
            elif "lessThanOrEqual" in v:
                lte = v["lessThanOrEqual"]
                hit = pad(start) <= pad(version) and (lte == "*" or (branch(version) == numbers(lte[:-2]) if lte.endswith(".*") else pad(version) <= pad(numbers(lte))))
            else:
                hit = pad(start) == pad(version)
            if hit and v["status"] == "affected" and not default_affected:
                return True
            covered |= hit and v["status"] == "unaffected"
        if default_affected and not covered:
            return True
    return False


def main():
    root, version = sys.argv[1], numbers(sys.argv[2].split("-")[0])
    hits = 0
    for path in glob.glob(os.path.join(root, "cve", "published", "*", "*.json")):
        with open(path) as f:
            hits += affected(json.load(f), version)
    print(f"{hits} CVEs affect {sys.argv[2]}")


if __name__ == "__main__":
    main()
