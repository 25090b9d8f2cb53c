namespace Vigil.Products;

/// <summary>
/// A release's package inventory as last uploaded (a dpkg status file sent to the server), kept in the team
/// database so that any server can rescan the release when a feed changes, with nothing on its own disk.
/// </summary>
public sealed class ReleaseInventory
{
    public required string ReleaseId { get; init; }

    public required byte[] Content { get; set; }

    public required string Sha256 { get; set; }

    public required DateTimeOffset UploadedAt { get; set; }
}
