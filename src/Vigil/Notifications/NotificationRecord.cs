namespace Vigil.Notifications;

/// <summary>A report that was mailed, so the same state is not mailed twice.</summary>
public sealed class NotificationRecord
{
    public required string Id { get; init; }

    /// <summary>The product name, or "digest:" and the product names for a digest.</summary>
    public required string Subject { get; init; }

    public required string Scope { get; init; }

    public required string StateKey { get; init; }

    public required string Recipients { get; init; }

    public required DateTimeOffset SentAt { get; init; }
}
