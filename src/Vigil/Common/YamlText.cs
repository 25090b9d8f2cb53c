using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Common;

/// <summary>Parses a YAML file whose top level must be a mapping, with errors as "file:line: ...".</summary>
internal static class YamlText
{
    /// <summary>The top-level mapping, or null for an empty document.</summary>
    /// <param name="display">The file name errors show.</param>
    /// <param name="contents">What the mapping holds, for the error when the top level is something else.</param>
    public static YamlMappingNode? LoadMapping(string text, string display, string contents)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new VigilException($"{display}:{e.Start.Line}: invalid YAML: {FirstLine(e.Message)}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some malformed input instead of a YamlException, without a position.
            throw new VigilException($"{display}: invalid YAML ({FirstLine(e.Message)})", e);
        }
        if (stream.Documents.Count == 0)
        {
            return null;
        }
        var root = stream.Documents[0].RootNode;
        return root as YamlMappingNode ?? throw new VigilException($"{display}:{root.Start.Line}: expected a mapping of {contents}");
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
