namespace Vigil.Triage;

/// <summary>Where triage decisions are kept: added, never changed (Storage/ implements it on the team database).</summary>
public interface ITriageStore
{
    /// <summary>Stores decisions all or none.</summary>
    Task AddDecisionsAsync(string productName, IReadOnlyList<TriageDecision> decisions, CancellationToken cancellation);

    /// <summary>
    /// How many decisions the product has and when the latest was made: decisions are only ever added, so the pair
    /// changes exactly when they do (a cheap question, where reading them all is not).
    /// </summary>
    Task<(int Count, DateTimeOffset? Latest)> DecisionsStateAsync(string productId, CancellationToken cancellation);

    /// <summary>A product's decisions (about one CVE, when given), oldest first (ties by id).</summary>
    Task<IReadOnlyList<TriageDecision>> DecisionsAsync(string productId, string? vulnerabilityId, CancellationToken cancellation);
}
