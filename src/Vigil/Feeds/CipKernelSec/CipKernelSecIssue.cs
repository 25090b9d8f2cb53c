using System.Text.Json.Serialization;

namespace Vigil.Feeds.CipKernelSec;

/// <summary>
/// What cip-kernel-sec says about one CVE (issues/CVE-*.yml): per branch, the commits that fix it ("fixed-by":
/// mainline, stable/4.19, cip/4.19, ...) and the branches that ignore it, with the reason ("No member enables NFC").
/// </summary>
public sealed record CipKernelSecIssue(
    string Id,
    IReadOnlyDictionary<string, string[]> FixedBy,
    IReadOnlyDictionary<string, string> Ignore);

/// <summary>The imported cip-kernel-sec data as stored in the data directory.</summary>
public sealed record CipKernelSecData(FeedMetadata Metadata, IReadOnlyList<CipKernelSecIssue> Issues);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CipKernelSecData))]
internal sealed partial class CipKernelSecJson : JsonSerializerContext;
