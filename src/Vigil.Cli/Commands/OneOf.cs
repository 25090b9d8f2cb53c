using System.CommandLine;
using System.CommandLine.Parsing;

namespace Vigil.Cli.Commands;

/// <summary>
/// Path options of which at most one may be given, each naming its kind of input (--dpkg-status, --rootfs,
/// --isar-deploy, --sbom; --compiled-files, --build-dir, --spdx): which were given, and the one chosen.
/// </summary>
internal sealed class OneOf<TKind>(params (TKind Kind, Option<string?> Option)[] choices) where TKind : struct, Enum
{
    public IEnumerable<Option<string?>> Options => choices.Select(c => c.Option);

    // Loops, not LINQ over the tuples: LINQ's code for a value tuple holding a Vigil enum is compiled at run time
    // on every command that has one of these (about 30 methods).
    public string[] GivenIn(CommandResult result)
    {
        var given = new List<string>();
        foreach (var (_, option) in choices)
        {
            if (result.GetResult(option) is not null)
            {
                given.Add(option.Name);
            }
        }
        return [.. given];
    }

    public (TKind? Kind, string? Path) ChosenIn(ParseResult parse)
    {
        foreach (var (kind, option) in choices)
        {
            if (parse.GetValue(option) is { } path)
            {
                return (kind, path);
            }
        }
        return (null, null);
    }
}
