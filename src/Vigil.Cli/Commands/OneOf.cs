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

    public string[] GivenIn(CommandResult result) => [.. choices.Where(c => result.GetResult(c.Option) is not null).Select(c => c.Option.Name)];

    public (TKind? Kind, string? Path) ChosenIn(ParseResult parse) =>
        choices.Select(c => (Kind: (TKind?)c.Kind, Path: parse.GetValue(c.Option))).FirstOrDefault(c => c.Path is not null);
}
