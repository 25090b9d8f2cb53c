using Vigil.Common;

namespace Vigil.Triage;

/// <summary>
/// One triage decision about a CVE in a component of a product. Decisions are never changed or deleted: a new one
/// supersedes the last, so the history of who decided what, when and why stays complete.
/// </summary>
public sealed class TriageDecision
{
    public required string Id { get; init; }

    public required string ProductId { get; init; }

    public required string VulnerabilityId { get; init; }

    public required string Component { get; init; }

    public required TriageState State { get; init; }

    /// <summary>For not_affected: the OpenVEX/CycloneDX justification.</summary>
    public TriageJustification? Justification { get; init; }

    public TriageResponse? Response { get; init; }

    public required string Detail { get; init; }

    /// <summary>The threat-model entry or mitigation an affected medium/high finding is handled by.</summary>
    public string? ThreatReference { get; init; }

    public required string Author { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The component version the decision was made for; another version needs a fresh look.</summary>
    public string? ComponentVersion { get; init; }

    /// <summary>The CVE record as it was then (<see cref="History.ScanFindingRecord.EvidenceSha256"/>); a changed record needs a fresh look.</summary>
    public string? EvidenceSha256 { get; init; }

    /// <summary>"cli" or "vex:FILE".</summary>
    public required string Source { get; init; }
}

/// <summary>What the team decided about a CVE in a component (CycloneDX's analysis states, OpenVEX's statuses).</summary>
public enum TriageState
{
    InTriage,
    Affected,
    NotAffected,
    Fixed,
    FalsePositive,
}

/// <summary>Why a component is not affected: OpenVEX's justifications and CycloneDX's analysis justifications.</summary>
public enum TriageJustification
{
    ComponentNotPresent,
    VulnerableCodeNotPresent,
    VulnerableCodeNotInExecutePath,
    VulnerableCodeCannotBeControlledByAdversary,
    InlineMitigationsAlreadyExist,
    CodeNotPresent,
    CodeNotReachable,
    RequiresConfiguration,
    RequiresDependency,
    RequiresEnvironment,
    ProtectedByCompiler,
    ProtectedAtRuntime,
    ProtectedAtPerimeter,
    ProtectedByMitigatingControl,
}

/// <summary>What is done about an affected component (CycloneDX's analysis responses).</summary>
public enum TriageResponse
{
    CanNotFix,
    WillNotFix,
    Update,
    Rollback,
    WorkaroundAvailable,
}

/// <summary>The words triage values have in the database, VEX documents, options and JSON: snake_case, as ever.</summary>
public static class TriageWords
{
    public static readonly EnumWords<TriageState> States = new(
        (TriageState.InTriage, "in_triage"), (TriageState.Affected, "affected"), (TriageState.NotAffected, "not_affected"),
        (TriageState.Fixed, "fixed"), (TriageState.FalsePositive, "false_positive"));

    public static readonly EnumWords<TriageJustification> Justifications = new(
        (TriageJustification.ComponentNotPresent, "component_not_present"),
        (TriageJustification.VulnerableCodeNotPresent, "vulnerable_code_not_present"),
        (TriageJustification.VulnerableCodeNotInExecutePath, "vulnerable_code_not_in_execute_path"),
        (TriageJustification.VulnerableCodeCannotBeControlledByAdversary, "vulnerable_code_cannot_be_controlled_by_adversary"),
        (TriageJustification.InlineMitigationsAlreadyExist, "inline_mitigations_already_exist"),
        (TriageJustification.CodeNotPresent, "code_not_present"),
        (TriageJustification.CodeNotReachable, "code_not_reachable"),
        (TriageJustification.RequiresConfiguration, "requires_configuration"),
        (TriageJustification.RequiresDependency, "requires_dependency"),
        (TriageJustification.RequiresEnvironment, "requires_environment"),
        (TriageJustification.ProtectedByCompiler, "protected_by_compiler"),
        (TriageJustification.ProtectedAtRuntime, "protected_at_runtime"),
        (TriageJustification.ProtectedAtPerimeter, "protected_at_perimeter"),
        (TriageJustification.ProtectedByMitigatingControl, "protected_by_mitigating_control"));

    public static readonly EnumWords<TriageResponse> Responses = new(
        (TriageResponse.CanNotFix, "can_not_fix"), (TriageResponse.WillNotFix, "will_not_fix"), (TriageResponse.Update, "update"),
        (TriageResponse.Rollback, "rollback"), (TriageResponse.WorkaroundAvailable, "workaround_available"));

    public static string Name(this TriageState state) => States[state];

    public static string Name(this TriageJustification justification) => Justifications[justification];

    public static string Name(this TriageResponse response) => Responses[response];
}
