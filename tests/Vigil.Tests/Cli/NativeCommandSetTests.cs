using System.CommandLine;
using Vigil.Cli;

namespace Vigil.Tests.Cli;

/// <summary>Which command lines the native vigil runs itself; every other one goes to the managed vigil.</summary>
public sealed class NativeCommandSetTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("scan")]
    [InlineData("scan --dpkg-status image.dpkg_status --release bookworm --format json -o findings.json --quiet")]
    [InlineData("scan --dpkg-status - -f sarif -o - --fail-on high --only-fixed --hide-unimportant --severity high,low --offline")]
    [InlineData("scan --rootfs /mnt/image --data-dir /srv/vigil --no-color")]
    [InlineData("scan --help")]
    [InlineData("kernel scan --version 6.1.119-cip33 --format json --offline")]
    [InlineData("kernel scan --version 6.1.0-28-amd64 --package-version 6.1.119-1 --show affected --fail-on high --cip-branch cip/6.1 --compiled-files built.txt")]
    [InlineData("feeds import debian tracker.json.xz --quiet")]
    [InlineData("feeds import kernel vulns-master.tar.gz --data-dir /srv/vigil")]
    public void Runs_natively(string commandLine) => Assert.True(NativeCommandSet.RunsHere(commandLine.Split(' ')));

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("--version --help")]
    [InlineData("serve")]
    [InlineData("product list")]
    [InlineData("scan --product gateway")]
    [InlineData("scan --dpkg-status s --product-release 2")]
    [InlineData("scan --sbom image.cdx.json")]
    [InlineData("scan --vex supplier.vex.json")]
    [InlineData("scan --database postgres://vigil@db/vigil")]
    [InlineData("scan --format=json")]
    [InlineData("scan -qf json")]
    [InlineData("scan -- --dpkg-status")]
    [InlineData("--data-dir /srv/vigil scan")]
    [InlineData("kernel fixed-in 6.1.120")]
    [InlineData("kernel scan --version 6.1.119 --git-repo linux")]
    [InlineData("kernel scan --version 6.1.119 --kconfig .config --source linux")]
    [InlineData("feeds update")]
    [InlineData("feeds import cip-kernel-sec cip-kernel-sec")]
    [InlineData("feeds import kev kev.json")]
    public void Goes_to_the_managed_build(string commandLine) =>
        Assert.False(NativeCommandSet.RunsHere(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public void Every_listed_option_is_an_option_of_its_command()
    {
        foreach (var (path, options) in NativeCommandSet.Listed.Where(l => l.Command[0] != "--version"))
        {
            Command command = CliApp.BuildRoot(new CliEnvironment(TextWriter.Null, TextWriter.Null, _ => null, false, "/"), path[0]);
            foreach (var word in path)
            {
                command = command.Subcommands.Single(c => c.Name == word);
            }
            var known = command.Options.Concat(Ancestors(command).SelectMany(a => a.Options).Where(o => o.Recursive))
                .SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
            Assert.All(options, option => Assert.True(known.Contains(option), $"{string.Join(' ', path)} has no option {option}"));
        }
    }

    private static IEnumerable<Command> Ancestors(Command command) =>
        command.Parents.OfType<Command>().SelectMany(parent => Ancestors(parent).Prepend(parent));

    [Fact]
    public void The_managed_build_is_not_the_native_one() => Assert.False(NativeCommandSet.IsNative);
}
