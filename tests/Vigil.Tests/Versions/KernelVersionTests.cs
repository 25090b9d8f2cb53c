using Vigil.Versions;

namespace Vigil.Tests.Versions;

public class KernelVersionTests
{
    [Theory]
    [InlineData("6.1.119-cip33", "6.1.119", "-cip33", "6.1")]
    [InlineData("v4.19.325-cip115", "4.19.325", "-cip115", "4.19")]
    [InlineData("6.1.119-cip33-rt20", "6.1.119", "-cip33-rt20", "6.1")]
    [InlineData("6.1.0-28-amd64", "6.1.0", "-28-amd64", "6.1")]
    [InlineData("6.12", "6.12", "", "6.12")]
    [InlineData("2.6.24.5", "2.6.24.5", "", "2.6.24")]
    [InlineData("2.6.25", "2.6.25", "", "2.6.25")]
    [InlineData("6.10-rc3", "6.10-rc3", "", "6.10")]
    [InlineData("5.15.0+", "5.15.0", "+", "5.15")]
    public void Parses_release_local_version_and_branch(string text, string number, string local, string branch)
    {
        var version = KernelVersion.Parse(text);
        Assert.Equal(number, version.Number);
        Assert.Equal(local, version.LocalVersion);
        Assert.Equal(branch, version.Branch.Number);
    }

    [Theory]
    [InlineData("6.1.9", "6.1.10")]
    [InlineData("6.1.119", "6.2")]
    [InlineData("6.9.12", "6.10-rc1")]
    [InlineData("6.10-rc1", "6.10-rc2")]
    [InlineData("6.10-rc7", "6.10")]
    [InlineData("2.6.39.4", "3.0")]
    [InlineData("2.6.24", "2.6.24.5")]
    [InlineData("0", "2.6.12")]
    public void Orders_by_release_number(string lower, string higher)
    {
        Assert.True(KernelVersion.Parse(lower) < KernelVersion.Parse(higher));
    }

    [Fact]
    public void Local_version_does_not_change_the_release()
    {
        Assert.Equal(KernelVersion.Parse("6.1.119"), KernelVersion.Parse("6.1.119-cip33-rt20"));
        Assert.Equal(KernelVersion.Parse("6.1"), KernelVersion.Parse("6.1.0"));
    }

    [Theory]
    [InlineData("6.1.119", true)]
    [InlineData("6.1", false)]
    [InlineData("2.6.24.5", true)]
    [InlineData("2.6.24", false)]
    public void Stable_releases_are_not_mainline(string text, bool stable)
    {
        Assert.Equal(!stable, KernelVersion.Parse(text).IsMainline);
    }

    [Theory]
    [InlineData("")]
    [InlineData("linux")]
    [InlineData("6.x")]
    [InlineData("6..1")]
    [InlineData("6.1.2.3.4")]
    [InlineData("6.1abc")]
    [InlineData("99999999999.1")]
    public void Rejects_what_is_not_a_release_number(string text)
    {
        Assert.False(KernelVersion.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => KernelVersion.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_strings_never_crash_the_parser()
    {
        var random = new Random(9);
        const string alphabet = "0123456789.-rcv+_~ab";
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 16)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (KernelVersion.TryParse(text, out var version))
            {
                Assert.Equal(version, KernelVersion.Parse(version.Number));
            }
        }
    }
}
