using System.Text.Json;
using Vigil.Common;

namespace Vigil.Feeds;

/// <summary>
/// When a server last confirmed (HTTP 304) that a stored feed is current, kept beside the feed: the feed's age is
/// then counted from the confirmation, not from the data's own date. One rule for every downloaded feed.
/// </summary>
public sealed class FeedConfirmations(string path)
{
    /// <summary>Records that the server confirmed <paramref name="current"/> at <paramref name="when"/>.</summary>
    public void Confirm(FeedMetadata current, DateTimeOffset when) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, new FeedConfirmation(current.Sha256, when), FeedJsonContext.Default.FeedConfirmation));

    /// <summary>New data makes an old confirmation meaningless.</summary>
    public void Forget()
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>When the stored data was last known to be current: its own date or a later confirmation of that same data.</summary>
    public DateTimeOffset FreshAsOf(FeedMetadata metadata)
    {
        try
        {
            if (File.Exists(path)
                && JsonSerializer.Deserialize(InputFiles.ReadBytes(path, 1 << 16), FeedJsonContext.Default.FeedConfirmation) is { } confirmation
                && confirmation.Sha256 == metadata.Sha256 && confirmation.ConfirmedAt > metadata.DataAsOf)
            {
                return confirmation.ConfirmedAt;
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or VigilException)
        {
            // A damaged confirmation only loses the extra freshness; the feed itself is intact.
        }
        return metadata.DataAsOf;
    }
}
