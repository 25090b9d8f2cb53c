using Vigil.Common;

namespace Vigil.Application;

/// <summary>
/// Whoever waits for a use case: told one-line notices while it works and shown the progress of long stages. The
/// command line prints them to standard error; the server logs them; tests stay silent.
/// </summary>
public interface IWorkObserver
{
    void Notice(string message);

    /// <summary>Runs long work while its progress is shown (or not, when nobody watches).</summary>
    Task<T> WithProgressAsync<T>(Func<IWorkProgress, Task<T>> work);
}

public sealed class SilentObserver : IWorkObserver
{
    public void Notice(string message)
    {
    }

    public Task<T> WithProgressAsync<T>(Func<IWorkProgress, Task<T>> work) => work(SilentProgress.Instance);
}
