using Vigil.Common;

namespace Vigil.Feeds;

/// <summary>No feed has been imported yet: the one failure a scan can repair by fetching the feed first.</summary>
public sealed class FeedMissingException(string message) : VigilException(message);
