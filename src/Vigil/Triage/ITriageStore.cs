namespace Vigil.Triage;

/// <summary>Where triage decisions are kept: added, never changed (Storage/ implements it on the team database).</summary>
public interface ITriageStore
{
    /// <summary>Stores decisions all or none.</summary>
    Task AddDecisionsAsync(string productName, IReadOnlyList<TriageDecision> decisions, CancellationToken cancellation);

    /// <summary>A product's decisions (about one CVE, when given), oldest first (ties by id).</summary>
    Task<IReadOnlyList<TriageDecision>> DecisionsAsync(string productId, string? vulnerabilityId, CancellationToken cancellation);
}
