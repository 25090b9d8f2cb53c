namespace Vigil.Notifications;

/// <summary>What was mailed (Storage/ implements it on the team database).</summary>
public interface INotificationStore
{
    /// <summary>The last mail of this state to this scope, or null.</summary>
    Task<NotificationRecord?> LastSentAsync(string scope, string stateKey, CancellationToken cancellation);

    Task AddNotificationAsync(NotificationRecord record, CancellationToken cancellation);
}
