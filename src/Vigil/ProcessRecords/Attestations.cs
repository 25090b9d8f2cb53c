using Vigil.Common;

namespace Vigil.ProcessRecords;

/// <summary>What a sign-off made through the server says.</summary>
public enum AttestationKind
{
    /// <summary>A security requirement approved in a role (SR-5).</summary>
    Approval,

    /// <summary>A code review's result, by its reviewer (SI-1, SI-2).</summary>
    CodeReview,

    /// <summary>A test's run and result, by its tester (SVV-1..5).</summary>
    TestRun,
}

public static class AttestationWords
{
    public static readonly EnumWords<AttestationKind> Kinds = new(
        (AttestationKind.Approval, "approval"), (AttestationKind.CodeReview, "code-review"), (AttestationKind.TestRun, "test-run"));
}

/// <summary>
/// A process record made through the server: <see cref="Person"/> is the authenticated user, never a typed name, so
/// "reviewer is not the author" and "tester is not the developer" are facts an assessor can rely on. Stored in the
/// team database; the records folder's files say what there is to sign off.
/// </summary>
public sealed class Attestation
{
    public required string Id { get; init; }

    public required AttestationKind Kind { get; init; }

    /// <summary>The requirement approved, the change reviewed, or the test run.</summary>
    public required string Subject { get; init; }

    /// <summary>The authenticated user (a person of people.yml by id).</summary>
    public required string Person { get; init; }

    /// <summary>The approval role (architect, tester, ...), for an approval.</summary>
    public string? Role { get; init; }

    /// <summary>The review's result (approved, ...) or the test's (pass, fail, not-run).</summary>
    public string? Result { get; init; }

    /// <summary>The change's author (a review) or who developed what was tested (a test run).</summary>
    public string? Counterpart { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>Where sign-offs are kept (Storage/ implements it on the team database, each one audited).</summary>
public interface IAttestationStore
{
    Task<IReadOnlyList<Attestation>> AttestationsAsync(CancellationToken cancellation);

    Task AddAttestationAsync(Attestation attestation, CancellationToken cancellation);
}

/// <summary>
/// The rules a sign-off must meet when it is made, against the authenticated identity and the records: the signer
/// is a person of people.yml holding the role signed in (SR-5); one person approves a requirement in one role only,
/// so the four approvals come from distinct people (SR-5); nobody approves their own change (SI-2); a tester is as
/// independent of the developer as the kind of test needs (SVV-5). And how the sign-offs join the records.
/// </summary>
public static class Attestations
{
    /// <summary>Refuses a sign-off that breaks a rule; <paramref name="records"/> already hold the earlier sign-offs (<see cref="Apply"/>).</summary>
    public static void Validate(RecordSet records, Attestation attestation)
    {
        var person = records.People.FirstOrDefault(p => p.Id == attestation.Person)
            ?? throw new VigilException(ErrorKind.Conflict, ErrorCodes.ProcessRuleBroken, $"{attestation.Person} is not in the records' people.yml, so cannot sign off process records (SM-2)");
        switch (attestation.Kind)
        {
            case AttestationKind.Approval:
                var requirement = records.Requirements.FirstOrDefault(r => r.Id == attestation.Subject)
                    ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ProcessSubjectUnknown, $"no requirement {attestation.Subject} in the records");
                if (!RecordLoader.ApprovalRoles.Contains(attestation.Role) || !person.Roles.Contains(attestation.Role!))
                {
                    throw Broken("SR-5", $"{person.Id} does not hold the role {attestation.Role} in people.yml (they hold {string.Join(", ", person.Roles)})");
                }
                if (requirement.Approvals.FirstOrDefault(a => a.Person == person.Id) is { } earlier)
                {
                    throw Broken("SR-5", $"{person.Id} has approved {requirement.Id} already, as {earlier.Role}: its approvals must come from distinct people");
                }
                break;
            case AttestationKind.CodeReview:
                if (!RecordLoader.ReviewResults.Contains(attestation.Result))
                {
                    throw new VigilException($"review result '{attestation.Result}' is not one of {string.Join(", ", RecordLoader.ReviewResults)}");
                }
                if (attestation.Counterpart == person.Id)
                {
                    throw Broken("SI-2", $"{person.Id} wrote {attestation.Subject} and cannot review it");
                }
                break;
            default:
                var test = records.Tests.FirstOrDefault(t => t.Id == attestation.Subject)
                    ?? throw new VigilException(ErrorKind.NotFound, ErrorCodes.ProcessSubjectUnknown, $"no test {attestation.Subject} in the records");
                if (!RecordLoader.TestResults.Contains(attestation.Result))
                {
                    throw new VigilException($"test result '{attestation.Result}' is not one of {string.Join(", ", RecordLoader.TestResults)}");
                }
                var developer = attestation.Counterpart ?? test.Developer;
                if (ProcessCheck.IndependenceProblem(records, test with { Tester = person.Id, Developer = developer }) is { } problem)
                {
                    throw Broken("SVV-5", problem);
                }
                break;
        }
    }

    /// <summary>The records with the sign-offs joined in: approvals and reviews added, a test's latest run replacing what the file says.</summary>
    public static RecordSet Apply(RecordSet records, IReadOnlyList<Attestation> attestations)
    {
        static Location Where(Attestation a) => new($"server sign-off {a.Id} by user:{a.Person}", 0);
        static DateOnly Day(Attestation a) => DateOnly.FromDateTime(a.At.UtcDateTime);
        var approvals = attestations.Where(a => a.Kind == AttestationKind.Approval).ToLookup(a => a.Subject);
        var runs = attestations.Where(a => a.Kind == AttestationKind.TestRun).GroupBy(a => a.Subject).ToDictionary(g => g.Key, g => g.OrderBy(a => a.At).Last());
        return records with
        {
            Requirements = [.. records.Requirements.Select(r => r with { Approvals = [.. r.Approvals, .. approvals[r.Id].Select(a => new Approval(a.Role!, a.Person, Day(a), Where(a)))] })],
            Tests = [.. records.Tests.Select(t => runs.TryGetValue(t.Id, out var run)
                ? t with { Tester = run.Person, Developer = run.Counterpart ?? t.Developer, Result = run.Result!, Date = Day(run), Where = Where(run) }
                : t)],
            CodeReviews = [.. records.CodeReviews, .. attestations.Where(a => a.Kind == AttestationKind.CodeReview)
                .Select(a => new CodeReview(a.Subject, a.Counterpart ?? "", a.Person, Day(a), a.Result, [], Where(a)))],
        };
    }

    private static VigilException Broken(string requirement, string problem) =>
        new(ErrorKind.Conflict, ErrorCodes.ProcessRuleBroken, $"{problem} ({requirement})");
}
