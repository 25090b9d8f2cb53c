using System.Diagnostics.CodeAnalysis;
using Vigil.Common;

namespace Vigil.Application;

/// <summary>
/// What a build of Vigil carries. The native command line is compiled ahead of time without the product database
/// (EF Core cannot run there), and this switch, set false in that build, lets the compiler drop every path to it
/// (the use cases it runs check it before they touch a store): the binary goes from 42 to 16 MB and starts in less
/// than half the time. Commands that need the database are handed to the managed build before they get here.
/// </summary>
public static class BuildFeatures
{
    private const string DatabaseSwitch = "Vigil.Database.IsSupported";

    [FeatureSwitchDefinition(DatabaseSwitch)]
    public static bool Database => !AppContext.TryGetSwitch(DatabaseSwitch, out var supported) || supported;

    internal static VigilException NoDatabase() =>
        new(ErrorKind.Unavailable, ErrorCodes.DatabaseNotBuiltIn, "this build of vigil has no product database; the managed build has");
}
