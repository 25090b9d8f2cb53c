using Vigil.Tests.Support;
using Vigil.Versions;

namespace Vigil.Tests.Versions;

public class DebianVersionTests
{
    [Theory]
    [InlineData("1.0~rc1", "1.0")]
    [InlineData("1.0~~", "1.0~")]
    [InlineData("1.0~~a", "1.0~")]
    [InlineData("1.0", "1.0+b1")]
    [InlineData("1.0", "1.0a")]
    [InlineData("1.0a", "1.0+")]
    [InlineData("1.0", "1.0.1")]
    [InlineData("1.9", "1.10")]
    [InlineData("1.0-1", "1.0-1+deb12u1")]
    [InlineData("1.0-1~deb12u1", "1.0-1")]
    [InlineData("2.0", "1:1.0")]
    [InlineData("9:1.0", "10:0.1")]
    [InlineData("1.0-9", "1.0-10")]
    [InlineData("3.0.19-1~deb12u2", "3.0.20-1~deb12u1")]
    [InlineData("2.36-9+deb12u14", "2.36-9+deb12u15")]
    [InlineData("0~~", "0~")]
    [InlineData("1.2.3-a", "1.2.3-b")]
    [InlineData("1a", "1b")]
    [InlineData("1Z", "1a")]
    [InlineData("1.0-1", "1.0-1.1")]
    [InlineData("7.88.1-10+deb12u4", "7.88.1-10+deb12u12")]
    public void Orders_like_dpkg(string lower, string higher)
    {
        var a = DebianVersion.Parse(lower);
        var b = DebianVersion.Parse(higher);
        Assert.True(a < b, $"{lower} < {higher}");
        Assert.True(b > a, $"{higher} > {lower}");
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("1.0", "1.0-0")]
    [InlineData("1.0", "0:1.0")]
    [InlineData("1.0", "1.00")]
    [InlineData("1.01", "1.1")]
    [InlineData("1.0-00", "1.0")]
    [InlineData("2.0-1", "0:2.0-1")]
    [InlineData("1a", "1a0")]
    [InlineData("1~rc", "1~rc00")]
    [InlineData("1.0.0a", "1.0.0a0")]
    [InlineData("0", "00")]
    public void Versions_dpkg_calls_equal_are_equal_and_hash_alike(string left, string right)
    {
        var a = DebianVersion.Parse(left);
        var b = DebianVersion.Parse(right);
        Assert.Equal(0, a.CompareTo(b));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Any_two_versions_that_compare_equal_hash_alike()
    {
        var random = new Random(15);
        const string alphabet = "0001a.~+";
        var versions = Enumerable.Range(0, 3000)
            .Select(_ => "1" + new string([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => alphabet[random.Next(alphabet.Length)])])
                + (random.Next(2) == 0 ? "" : "-" + new string([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => "0012a"[random.Next(5)])])))
            .Select(text => DebianVersion.TryParse(text, out var version, out _) ? version : null)
            .OfType<DebianVersion>()
            .ToArray();
        var equalPairs = 0;

        foreach (var group in versions.GroupBy(v => v))
        {
            foreach (var v in group)
            {
                Assert.Equal(group.Key.GetHashCode(), v.GetHashCode());
                equalPairs += v.Text == group.Key.Text ? 0 : 1;
            }
        }
        for (var i = 0; i + 1 < versions.Length; i++)
        {
            if (versions[i].CompareTo(versions[i + 1]) == 0)
            {
                Assert.Equal(versions[i].GetHashCode(), versions[i + 1].GetHashCode());
            }
        }
        Assert.True(equalPairs > 50, $"only {equalPairs} versions equal to another but written differently");
    }

    [Fact]
    public void Parse_splits_epoch_upstream_and_revision_at_the_last_hyphen()
    {
        var version = DebianVersion.Parse("1:2.38.1-5+deb12u3");
        Assert.Equal(1, version.Epoch);
        Assert.Equal("2.38.1", version.Upstream);
        Assert.Equal("5+deb12u3", version.Revision);

        var hyphenated = DebianVersion.Parse("1.2-3-4");
        Assert.Equal("1.2-3", hyphenated.Upstream);
        Assert.Equal("4", hyphenated.Revision);
    }

    [Fact]
    public void Upstream_may_hold_colons_after_the_epoch()
    {
        var version = DebianVersion.Parse("1:2:3-1");
        Assert.Equal(1, version.Epoch);
        Assert.Equal("2:3", version.Upstream);
    }

    [Theory]
    [InlineData("", "version string is empty")]
    [InlineData("   ", "version string is empty")]
    [InlineData("1.0 2", "embedded spaces")]
    [InlineData(":1.0", "epoch in version is empty")]
    [InlineData("a:1.0", "epoch in version is not number")]
    [InlineData("99999999999:1.0", "epoch in version is too big")]
    [InlineData("1:", "nothing after colon")]
    [InlineData("1.0-", "revision number is empty")]
    [InlineData("-1", "version number is empty")]
    [InlineData("abc", "does not start with digit")]
    [InlineData("1.0_1", "invalid character '_' in version number")]
    [InlineData("1.0-1!2", "invalid character '!' in revision number")]
    [InlineData("1.0-1_2", "invalid character '_' in revision number")]
    public void Invalid_versions_are_rejected_with_a_message_naming_the_version(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => DebianVersion.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Surrounding_white_space_is_ignored_as_dpkg_does()
    {
        Assert.Equal("1.0-1", DebianVersion.Parse(" 1.0-1\t").Text);
    }

    [Fact]
    public void Agrees_with_dpkg_compare_versions_on_13000_real_bookworm_version_pairs()
    {
        var pairs = File.ReadLines(Fixture.Path("debian-version-pairs.txt"))
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .Select(parts => (parts[0], parts[1]))
            .ToArray();
        Assert.True(pairs.Length >= 10_000);

        var dpkgSaysLess = DpkgOracle.LessThan(pairs);

        var disagreements = pairs
            .Select((pair, i) => (pair, dpkg: dpkgSaysLess[i], vigil: DebianVersion.Parse(pair.Item1) < DebianVersion.Parse(pair.Item2)))
            .Where(r => r.dpkg != r.vigil)
            .Select(r => $"{r.pair.Item1} lt {r.pair.Item2}: dpkg {r.dpkg}, vigil {r.vigil}")
            .ToArray();
        Assert.Empty(disagreements);
        // Both outcomes must occur, or the comparison proves nothing.
        Assert.Contains(true, dpkgSaysLess);
        Assert.Contains(false, dpkgSaysLess);
    }

    [Fact]
    public void Agrees_with_dpkg_on_hand_picked_edge_cases_in_both_directions()
    {
        string[] versions =
        [
            "0", "0~", "0~~", "0-0", "0:0", "1", "1.0", "1.00", "1.0-0", "1.0-1", "1.0~rc1", "1.0~rc1-1", "1.0+dfsg-1", "1.0+dfsg1-1",
            "1.0a", "1.0A", "1.0.", "1.0+", "1.0~", "1:1.0", "2:0.1", "1.0-1~bpo1", "1.0-1+b1", "1.0-1.1", "1.0-1a", "10", "9", "01",
            "2.36-9+deb12u14", "2.36-9+deb12u9", "1.2.3.4.5.6.7.8.9.10", "20231231", "2023.12.31", "1.0-0.1~", "1~a", "1~A", "1~~a",
        ];
        var pairs = (from a in versions from b in versions select (a, b)).ToArray();
        var dpkgSaysLess = DpkgOracle.LessThan(pairs);
        for (var i = 0; i < pairs.Length; i++)
        {
            var vigil = DebianVersion.Parse(pairs[i].a) < DebianVersion.Parse(pairs[i].b);
            Assert.True(dpkgSaysLess[i] == vigil, $"{pairs[i].a} lt {pairs[i].b}: dpkg {dpkgSaysLess[i]}, vigil {vigil}");
        }
    }

    [Fact]
    public void Random_strings_never_crash_the_parser()
    {
        var random = new Random(42);
        const string alphabet = "0123456789abcXYZ.-+~: _!\0é";
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (DebianVersion.TryParse(text, out var version, out var error))
            {
                Assert.Equal(0, version.CompareTo(DebianVersion.Parse(version.Text)));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }
    }
}
