using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Common;

/// <summary>
/// Parses a YAML file whose top level must be a mapping, with errors as "file:line: ...". The one YAML path every
/// loader uses (policy, process records, cip-kernel-sec issues): the text is first walked as a flat event stream, which
/// bounds nesting depth and alias count before YamlDotNet builds its tree recursively (200 KB of "[[[[" overflowed
/// the stack and killed the process).
/// </summary>
internal static class YamlText
{
    /// <summary>Far deeper than any record Vigil reads (they nest four or five levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>Aliases re-use a node by reference; many of them are how a small file becomes a huge walk.</summary>
    public const int MaxAliases = 256;
    /// <summary>The top-level mapping, or null for an empty document.</summary>
    /// <param name="display">The file name errors show.</param>
    /// <param name="contents">What the mapping holds, for the error when the top level is something else.</param>
    public static YamlMappingNode? LoadMapping(string text, string display, string contents)
    {
        var stream = new YamlStream();
        try
        {
            CheckShape(text, display);
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

    private static void CheckShape(string text, string display)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var aliases = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart when ++depth > MaxDepth:
                    throw new VigilException($"{display}:{parser.Current.Start.Line}: nested more than {MaxDepth} levels deep; no record of this kind is");
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
                case YamlDotNet.Core.Events.AnchorAlias when ++aliases > MaxAliases:
                    throw new VigilException($"{display}:{parser.Current.Start.Line}: more than {MaxAliases} aliases; no record of this kind has");
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
