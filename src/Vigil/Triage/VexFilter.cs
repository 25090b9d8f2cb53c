using Vigil.Vulnerabilities;

namespace Vigil.Triage;

/// <summary>
/// VEX documents applied to one scan, as trivy and grype apply them: a finding leaves the open list when the last
/// statement on its CVE and component (documents in the order given, statements in document order) says
/// not_affected, false_positive or fixed. Nothing is recorded; a product's triage takes statements by import.
/// </summary>
public sealed class VexFilter
{
    private readonly Dictionary<(string Component, string Cve), VexStatement> latest = [];

    private VexFilter(IReadOnlyList<VexUnmatched> unmatched) => Unmatched = unmatched;

    /// <summary>Statements whose product is no component of the scanned system, with why.</summary>
    public IReadOnlyList<VexUnmatched> Unmatched { get; }

    public int Statements { get; private init; }

    public static VexFilter Read(IReadOnlyList<string> files, VexProductMatcher matcher)
    {
        var unmatched = new List<VexUnmatched>();
        var statements = files.SelectMany(VexDocument.Read).ToArray();
        var filter = new VexFilter(unmatched) { Statements = statements.Length };
        foreach (var statement in statements)
        {
            var match = matcher.Match(statement.Product);
            if (match.Component is { } component)
            {
                filter.latest[(component, statement.VulnerabilityId)] = statement;
            }
            else
            {
                unmatched.Add(new VexUnmatched(statement, null, match.Reason!));
            }
        }
        return filter;
    }

    /// <summary>The statement that takes this finding off the list, if one does.</summary>
    public VexStatement? Clearing(string component, VulnerabilityId id) =>
        latest.TryGetValue((component, id.Text), out var statement) && statement.Clears ? statement : null;

    /// <summary>Splits findings into those still open and those a statement clears, with the statement.</summary>
    public (IReadOnlyList<T> Open, IReadOnlyList<(T Finding, VexStatement Statement)> Cleared) Apply<T>(IEnumerable<T> findings, Func<T, (string Component, VulnerabilityId Id)> key)
    {
        var open = new List<T>();
        var cleared = new List<(T, VexStatement)>();
        foreach (var finding in findings)
        {
            var (component, id) = key(finding);
            if (Clearing(component, id) is { } statement)
            {
                cleared.Add((finding, statement));
            }
            else
            {
                open.Add(finding);
            }
        }
        return (open, cleared);
    }
}
