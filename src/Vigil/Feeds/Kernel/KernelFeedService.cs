using Vigil.Common;
using Vigil.Feeds.Debian;

namespace Vigil.Feeds.Kernel;

/// <summary>Gets the kernel CNA's vulns.git data into the store: a snapshot over HTTP, or a clone/snapshot on disk.</summary>
public sealed class KernelFeedService(DataDirectory dataDirectory, HttpDownloader downloader, TimeProvider clock)
{
    /// <summary>cgit's snapshot of vulns.git master: the whole repository's files as one tar.gz.</summary>
    public static readonly Uri DefaultUrl = new("https://git.kernel.org/pub/scm/linux/security/vulns.git/snapshot/vulns-master.tar.gz");

    public KernelFeedStore Store { get; } = new(dataDirectory);

    public FeedMetadata ImportPath(string path, IWorkProgress progress, CancellationToken cancellation = default)
    {
        var fullPath = Path.GetFullPath(path);
        return Store.Import(fullPath, fullPath, FeedOrigin.Import, clock.GetUtcNow(), progress, cancellation: cancellation);
    }

    public async Task<(UpdateOutcome Outcome, FeedMetadata Metadata)> UpdateAsync(Uri url, IWorkProgress progress, CancellationToken cancellation)
    {
        var directory = dataDirectory.EnsureFeedsDirectory();
        var current = Store.ReadMetadata();
        var validators = current?.ValidatorsFor(url);
        var started = clock.GetUtcNow();
        var result = await downloader.DownloadAsync(url, validators, directory, progress, "Downloading kernel vulns.git snapshot", cancellation);
        if (result is NotModified)
        {
            if (current is null)
            {
                throw new VigilException($"{url} answered 304 Not Modified to a request for data Vigil does not have");
            }
            Store.Confirmations.Confirm(current, started);
            return (UpdateOutcome.NotModified, current);
        }
        using var download = (Downloaded)result;
        var metadata = Store.Import(download.TemporaryPath, url.ToString(), FeedOrigin.Download, clock.GetUtcNow(), progress, download.Validators, cancellation);
        return (UpdateOutcome.Updated, metadata);
    }
}
