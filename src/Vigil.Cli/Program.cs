using Vigil.Cli;

if (NativeCommandSet.IsNative && !NativeCommandSet.RunsHere(args))
{
    return NativeCommandSet.HandOver(args, Console.Error);
}
return await CliApp.RunAsync(args, CliEnvironment.FromProcess());
