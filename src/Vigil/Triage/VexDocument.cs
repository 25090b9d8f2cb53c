using System.Text.Json;
using Vigil.Common;

namespace Vigil.Triage;

/// <summary>Reads a VEX document of any kind, told apart by its content: OpenVEX (@context), CycloneDX (bomFormat) or CSAF (document.csaf_version).</summary>
public static class VexDocument
{
    public static IReadOnlyList<VexStatement> Read(string path) => Parse(InputFiles.ReadText(path), path);

    /// <summary>A VEX document's text from elsewhere (standard input), named <paramref name="path"/> in messages.</summary>
    public static IReadOnlyList<VexStatement> Parse(string text, string path)
    {
        using var document = ParseJson(text, path);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("bomFormat", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "CycloneDX")
        {
            return CycloneDxVex.Read(root, path);
        }
        if (CsafVex.IsCsaf(root))
        {
            return CsafVex.Read(root, path);
        }
        return OpenVex.Read(root, path);
    }

    private static JsonDocument ParseJson(string text, string path)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new VigilException($"{path}: line {e.LineNumber + 1}: not JSON ({e.Message.Split(" LineNumber")[0]})", e);
        }
    }
}
