using System.Globalization;
using Vigil.Common;

namespace Vigil.ProcessRecords;

/// <summary>
/// The starter records folder `vigil process init` writes: a small worked example on CIP's defaults, every field
/// explained in a comment, consistent enough to pass `vigil process check` as it stands. Teams replace the example.
/// </summary>
public static class Starter
{
    public static IReadOnlyList<string> Write(string folder, DateOnly today)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new VigilException($"{folder} already exists and is not empty; process init only starts a new records folder");
        }
        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var expires = today.AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var files = new Dictionary<string, string>
        {
            ["product.yml"] = $$"""
                # Product and scope (IEC 62443-4-1 SM-3, SM-5). Checked by `vigil process check`.
                # schema-version: the records format (Vigil refuses versions newer than it knows).
                schema-version: 1
                # products: the products these records cover; releases: their releases or branches.
                products: [my-gateway]
                releases: ["1.0"]
                # scope: per requirement, applicable (the default), not-applicable (justification required)
                # or delegated (to the end product, as CIP does for SM-10, SD-2, SG-1, SG-2, SG-4).
                scope:
                  SM-10: { status: delegated, justification: "CIP stance: custom-built third-party components are the end product's concern" }
                  SD-2: { status: delegated, justification: "CIP stance: defense in depth is designed by the end product" }
                  SG-1: { status: delegated, justification: "CIP stance: user documentation of defense in depth belongs to the end product" }
                  SG-2: { status: delegated, justification: "CIP stance: environment expectations are documented by the end product" }
                  SG-4: { status: delegated, justification: "CIP stance: secure disposal is documented by the end product" }
                # update-policy.max-days: SUM-5, the longest time from an upstream fix to our release.
                update-policy: { max-days: 30 }
                """,
            ["people.yml"] = $$"""
                # People and roles (SM-2, SM-4). ids are used everywhere else in these records.
                # department/organisation decide tester independence (SVV-5); roles are checked against approvals (SR-5).
                # Roles: architect, developer, tester, customer-advocate, security-adviser.
                people:
                  - id: alice
                    name: Alice Example
                    department: Engineering
                    roles: [architect, developer]
                    # qualifications: security training or certification, with date and optional expiry (SM-4).
                    qualifications:
                      - { topic: "Secure coding for embedded Linux", date: {{date}}, expires: {{expires}} }
                  - id: bob
                    name: Bob Example
                    department: Quality Assurance
                    roles: [tester]
                    qualifications:
                      - { topic: "IEC 62443-4-1 practitioner", date: {{date}}, expires: {{expires}} }
                  - id: carol
                    name: Carol Example
                    department: Product Management
                    roles: [customer-advocate]
                    qualifications:
                      - { topic: "Security awareness", date: {{date}}, expires: {{expires}} }
                  - id: dave
                    name: Dave Example
                    department: Product Security
                    roles: [security-adviser]
                    qualifications:
                      - { topic: "Threat modelling", date: {{date}}, expires: {{expires}} }
                # raci: per practice (SM, SR, SD, SI, SVV, DM, SUM, SG): responsible, accountable, consulted, informed.
                raci:
                  SM: { responsible: [bob], accountable: alice, consulted: [carol], informed: [] }
                  SR: { responsible: [alice], accountable: alice, consulted: [bob, carol], informed: [] }
                  SD: { responsible: [alice], accountable: alice, consulted: [bob], informed: [] }
                  SI: { responsible: [alice], accountable: alice, consulted: [bob], informed: [] }
                  SVV: { responsible: [bob], accountable: bob, consulted: [alice], informed: [carol] }
                  DM: { responsible: [bob], accountable: alice, consulted: [], informed: [carol] }
                  SUM: { responsible: [alice], accountable: alice, consulted: [bob], informed: [carol] }
                  SG: { responsible: [carol], accountable: alice, consulted: [bob], informed: [] }
                """,
            ["requirements.yml"] = $$"""
                # Security requirements (SR-3, SR-4, SR-5). An approval counts only when an architect or developer,
                # a tester, a customer advocate and a security adviser have all signed, four distinct people.
                requirements:
                  - id: REQ-1
                    text: Users can verify that a release image is the one we published
                    security-level: SL2
                    approvals:
                      - { role: architect, person: alice, date: {{date}} }
                      - { role: tester, person: bob, date: {{date}} }
                      - { role: customer-advocate, person: carol, date: {{date}} }
                      - { role: security-adviser, person: dave, date: {{date}} }
                """,
            ["threat-model.yml"] = $$"""
                # Threat model (SR-2, SD-1, SVV-1..4). Trace: threat -> mitigation -> design element -> test,
                # and requirement -> design element -> test.
                # threats: stride is one of spoofing, tampering, repudiation, information-disclosure,
                # denial-of-service, elevation-of-privilege; severity as cvss, or likelihood and impact.
                threats:
                  - id: T-1
                    stride: tampering
                    asset: release image
                    boundary: download from the release server
                    cvss: 8.1
                    mitigations: [M-1]
                mitigations:
                  - id: M-1
                    text: Release manifests are signed with OpenPGP and checked before installing
                    design: [D-1]
                    tests: [TEST-1]
                # design: kind is component, interface, protocol or trust-boundary.
                design:
                  - id: D-1
                    kind: interface
                    text: Release download with SHA256SUMS and SHA256SUMS.asc
                    requirements: [REQ-1]
                    tests: [TEST-1]
                # tests: kind is requirements, threat-mitigation, abuse-case, attack-surface, known-vulnerability,
                # static-analysis, composition-analysis, penetration or fuzzing; result pass, fail or not-run,
                # or results: a JUnit XML or SARIF file (path relative to this folder) the result is taken from.
                # developer: who built what is tested; SVV-5 independence is checked from people.yml departments.
                tests:
                  - id: TEST-1
                    kind: threat-mitigation
                    result: pass
                    tester: bob
                    developer: alice
                    date: {{date}}
                    covers: [REQ-1, M-1]
                """,
            ["reviews.yml"] = $$"""
                # Periodic reviews (SM-13, DM-6, SR-2, SD-4, SI-2, SG-7). frequency-months defaults to 12;
                # a review past its due date is a gap.
                reviews:
                  - { artifact: development process, requirements: [SM-13], last: { by: bob, date: {{date}}, findings: none, actions: none } }
                  - { artifact: RACI matrix, requirements: [SM-2], last: { by: alice, date: {{date}} } }
                  - { artifact: threat model, requirements: [SR-2], last: { by: bob, date: {{date}} } }
                  - { artifact: secure design practices, requirements: [SD-4], last: { by: alice, date: {{date}} } }
                  - { artifact: coding standard, requirements: [SI-2], last: { by: alice, date: {{date}} } }
                  - { artifact: defect management, requirements: [DM-6], last: { by: bob, date: {{date}} } }
                  - { artifact: user documentation, requirements: [SG-7], last: { by: carol, date: {{date}} } }
                """,
            ["code-reviews.yml"] = $$"""
                # Code review records (SI-1, SI-2): change, author, reviewer (not the author), date, result
                # (approved, changes-requested, rejected), findings with who fixes them, by when, and when fixed.
                code-reviews:
                  - change: "!1 signed release manifests"
                    author: alice
                    reviewer: bob
                    date: {{date}}
                    result: approved
                    findings:
                      - { text: "check the signature before the hashes", fixer: alice, due: {{date}}, fixed: {{date}} }
                """,
            ["updates.yml"] = """
                # Security updates (SUM-1..SUM-5): advisory, cves, affected and fixed versions, qualification evidence,
                # upstream-fix and released dates; the time between them is measured against update-policy.max-days.
                updates: []
                """,
            ["checklists/README.md"] = """
                Per-release checklists (SM-12) live here, one file per release. Vigil's `process checklist` command
                starts one for a release, and can carry the previous release's items over.
                """,
        };
        var written = new List<string>();
        foreach (var (name, text) in files)
        {
            var path = OutputFiles.Inside(folder, name);
            OutputFiles.WriteText(path, text.Replace("\r", "", StringComparison.Ordinal) + "\n");
            written.Add(path);
        }
        return written;
    }
}
