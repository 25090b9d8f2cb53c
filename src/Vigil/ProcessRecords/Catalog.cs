namespace Vigil.ProcessRecords;

/// <summary>How a requirement applies to a product by default, following the CIP process's stance.</summary>
public enum DefaultScope
{
    Applicable,

    /// <summary>CIP leaves it to the product maker building on CIP ("end product").</summary>
    DelegatedToEndProduct,
}

/// <summary>One IEC 62443-4-1 requirement, in Vigil's words: what it asks, what evidence shows it, where CIP stands.</summary>
public sealed record Requirement(string Id, string Practice, string Title, string Evidence, string CipStance, DefaultScope Scope);

/// <summary>
/// The 47 requirements of IEC 62443-4-1 (edition 1.0, 2018) in eight practices, paraphrased; the wording is Vigil's
/// own, the structure the standard's. CIP's stance follows the CIP Secure Development Process (rev. 006).
/// </summary>
public static class Catalog
{
    public static readonly IReadOnlyList<Requirement> Requirements =
    [
        new("SM-1", "SM", "A development process is written down and followed", "process description; configuration management records", "this process", DefaultScope.Applicable),
        new("SM-2", "SM", "Who is responsible for what is defined", "RACI matrix, reviewed yearly", "RACI matrix page", DefaultScope.Applicable),
        new("SM-3", "SM", "The products and versions in scope are named", "scope statement", "Debian 12 and CIP kernel 6.1.x", DefaultScope.Applicable),
        new("SM-4", "SM", "People in those roles have the security expertise they need", "training and qualification records", "not yet documented in CIP", DefaultScope.Applicable),
        new("SM-5", "SM", "Each project says which requirements apply and why others do not", "applicability list with justifications", "gap assessment and process document", DefaultScope.Applicable),
        new("SM-6", "SM", "The integrity of scripts, executables and deliverables can be checked", "hashes, signatures, a procedure", "file integrity via git clone and git fsck", DefaultScope.Applicable),
        new("SM-7", "SM", "Design, build, test and release environments are protected", "access control, delivery security", "restricted privileges, certificate authentication, release commit hashes", DefaultScope.Applicable),
        new("SM-8", "SM", "Private keys, signing keys above all, are protected", "key management procedure", "key management document", DefaultScope.Applicable),
        new("SM-9", "SM", "Risks from components supplied by others are managed", "SBOM and risk records", "open CVEs rated low/medium/high, medium and high threat-modelled, mitigated, users told", DefaultScope.Applicable),
        new("SM-10", "SM", "Third-party components built to order come from a conformant process", "supplier evidence", "end product", DefaultScope.DelegatedToEndProduct),
        new("SM-11", "SM", "Security issues are tracked and dealt with before release", "release gate records", "relies on Debian and mainline; CVE lists on the mailing list", DefaultScope.Applicable),
        new("SM-12", "SM", "Before each release, the practices in scope are shown to be done", "signed checklist per release", "checklist still to be made", DefaultScope.Applicable),
        new("SM-13", "SM", "The process itself is improved continually", "yearly review records", "all process artifacts reviewed yearly", DefaultScope.Applicable),
        new("SR-1", "SR", "The product's security context is described", "security context document", "generic context in the requirements document", DefaultScope.Applicable),
        new("SR-2", "SR", "A threat model (flows, boundaries, attack vectors, severity, mitigations) exists and is reviewed", "dated threat model and review minutes", "generic threat model", DefaultScope.Applicable),
        new("SR-3", "SR", "The product's security requirements are written down", "requirements list", "security requirements document", DefaultScope.Applicable),
        new("SR-4", "SR", "Requirements say their scope and target security level", "security level mapping", "security requirements document", DefaultScope.Applicable),
        new("SR-5", "SR", "Architects, testers, a customer advocate and a security adviser review and approve the requirements", "review records with those roles", "required reviewer roles listed", DefaultScope.Applicable),
        new("SD-1", "SD", "The design documents interfaces, trust boundaries and protocols", "design document", "design document", DefaultScope.Applicable),
        new("SD-2", "SD", "The design applies defense in depth", "layered design", "end product", DefaultScope.DelegatedToEndProduct),
        new("SD-3", "SD", "Designs are reviewed and the issues found are tracked to closure", "review evidence, tracked issues", "GitLab issues and traceability matrices", DefaultScope.Applicable),
        new("SD-4", "SD", "Secure design practices are used and reviewed", "list of practices", "Debian and OpenSSF practices", DefaultScope.Applicable),
        new("SI-1", "SI", "Implementations are reviewed, static analysis included", "review and static analysis records", "static analysis, or upstream's", DefaultScope.Applicable),
        new("SI-2", "SI", "Secure coding standards are followed", "coding standard, review records", "Debian guidelines; reviewer, date, result, who fixes and when", DefaultScope.Applicable),
        new("SVV-1", "SVV", "Security requirements are tested (function, performance and scale, edge cases, malformed input)", "test records", "functional, API, delegation, anti-tamper, signed images, secret storage", DefaultScope.Applicable),
        new("SVV-2", "SVV", "Threat mitigations are tested", "threat to mitigation to test matrix", "traceability matrix", DefaultScope.Applicable),
        new("SVV-3", "SVV", "Vulnerabilities are tested for (fuzzing, attack surface, known vulnerabilities, binary composition, resource exhaustion)", "scan and fuzz reports", "listed, network storm testing included", DefaultScope.Applicable),
        new("SVV-4", "SVV", "The product is penetration tested", "penetration test report", "a suitable tool", DefaultScope.Applicable),
        new("SVV-5", "SVV", "Testers are independent of developers to the degree each kind of test needs", "who tested against who developed", "testers documented and not the developers", DefaultScope.Applicable),
        new("DM-1", "DM", "Security issue reports are received", "intake channel and tracking", "CVE scanners for the kernel and CIP Core", DefaultScope.Applicable),
        new("DM-2", "DM", "Reported issues are reviewed", "triage records", "weekly CVE review", DefaultScope.Applicable),
        new("DM-3", "DM", "Issues are assessed (severity, affected versions, root cause)", "assessments", "CVSS and affected versions per CVE", DefaultScope.Applicable),
        new("DM-4", "DM", "Issues are addressed: fixed, mitigated, deferred or accepted", "decisions", "weekly kernel CVE check, fixes from upstream", DefaultScope.Applicable),
        new("DM-5", "DM", "Issues are disclosed to users", "advisories", "e-mail to users", DefaultScope.Applicable),
        new("DM-6", "DM", "Defect management is reviewed periodically", "yearly review", "yearly", DefaultScope.Applicable),
        new("SUM-1", "SUM", "Security updates are qualified: they fix, and break nothing", "test evidence", "KernelCI and LAVA; users' own testing", DefaultScope.Applicable),
        new("SUM-2", "SUM", "Security updates are documented", "update notes", "mailing list", DefaultScope.Applicable),
        new("SUM-3", "SUM", "Updates of dependent components and the OS are documented", "compatibility statements", "mailing list", DefaultScope.Applicable),
        new("SUM-4", "SUM", "Users can verify that an update is authentic", "signed updates", "releases signed by CIP developers", DefaultScope.Applicable),
        new("SUM-5", "SUM", "Security patches are delivered in time, by a stated policy", "time frame policy and measurements", "to be decided in CIP", DefaultScope.Applicable),
        new("SG-1", "SG", "Users are told about the product's defense in depth", "user documentation", "end product", DefaultScope.DelegatedToEndProduct),
        new("SG-2", "SG", "Users are told what defense the environment must provide", "user documentation", "end product", DefaultScope.DelegatedToEndProduct),
        new("SG-3", "SG", "Hardening guidelines exist", "hardening guide", "security hardening document", DefaultScope.Applicable),
        new("SG-4", "SG", "Secure disposal guidelines exist", "disposal guide", "end product", DefaultScope.DelegatedToEndProduct),
        new("SG-5", "SG", "Secure operation guidelines exist (updates, logs, intrusion detection)", "operation guide", "to be documented", DefaultScope.Applicable),
        new("SG-6", "SG", "Account management guidelines exist", "account guide", "security image default account", DefaultScope.Applicable),
        new("SG-7", "SG", "Documentation is reviewed and errors tracked to closure", "review records", "GitLab issues, e-mail, merge requests", DefaultScope.Applicable),
    ];

    public static readonly IReadOnlyDictionary<string, string> Practices = new Dictionary<string, string>
    {
        ["SM"] = "Security management",
        ["SR"] = "Specification of security requirements",
        ["SD"] = "Secure by design",
        ["SI"] = "Secure implementation",
        ["SVV"] = "Security verification and validation testing",
        ["DM"] = "Management of security-related issues",
        ["SUM"] = "Security update management",
        ["SG"] = "Security guidelines",
    };

    private static readonly Dictionary<string, Requirement> ById = Requirements.ToDictionary(r => r.Id);

    public static bool TryGet(string id, out Requirement requirement) => ById.TryGetValue(id, out requirement!);
}
