using Vigil.Common;
using Vigil.Inventory;
using Vigil.Tests.Support;

namespace Vigil.Tests.Inventory;

public class DpkgStatusReaderTests
{
    private static IReadOnlyList<InstalledPackage> Read(string text) => DpkgStatusReader.Read(new StringReader(text), "status");

    private static IReadOnlyList<InstalledPackage> Excerpt() => DpkgStatusReader.ReadFile(Fixture.Path("status-bookworm-excerpt"));

    [Fact]
    public void Reads_every_installed_package_of_a_real_status_file()
    {
        Assert.Equal(["adduser", "bash", "bsdutils", "libssl3", "openssl", "tzdata", "libc6"], Excerpt().Select(p => p.Name));
    }

    [Fact]
    public void Removed_package_that_keeps_its_configuration_is_not_installed()
    {
        Assert.DoesNotContain(Excerpt(), p => p.Name == "rsyslog");
    }

    [Fact]
    public void Package_without_Source_field_is_its_own_source_at_its_own_version()
    {
        var adduser = Excerpt().Single(p => p.Name == "adduser");
        Assert.Equal("adduser", adduser.SourceName);
        Assert.Equal("3.134", adduser.SourceVersion.Text);
    }

    [Fact]
    public void BinNMU_maps_to_the_source_version_in_parentheses()
    {
        var bash = Excerpt().Single(p => p.Name == "bash");
        Assert.Equal("5.2.15-2+b8", bash.Version.Text);
        Assert.Equal("bash", bash.SourceName);
        Assert.Equal("5.2.15-2", bash.SourceVersion.Text);
    }

    [Fact]
    public void Renamed_binary_with_its_own_epoch_maps_to_source_name_and_version()
    {
        var bsdutils = Excerpt().Single(p => p.Name == "bsdutils");
        Assert.Equal("1:2.38.1-5+deb12u3", bsdutils.Version.Text);
        Assert.Equal("util-linux", bsdutils.SourceName);
        Assert.Equal("2.38.1-5+deb12u3", bsdutils.SourceVersion.Text);
    }

    [Fact]
    public void Source_field_without_version_takes_the_binary_version()
    {
        var libssl = Excerpt().Single(p => p.Name == "libssl3");
        Assert.Equal("openssl", libssl.SourceName);
        Assert.Equal("3.0.19-1~deb12u2", libssl.SourceVersion.Text);
    }

    [Theory]
    [InlineData("install ok installed", true)]
    [InlineData("hold ok installed", true)]
    [InlineData("install ok unpacked", false)]
    [InlineData("install ok half-configured", false)]
    [InlineData("deinstall ok config-files", false)]
    [InlineData("purge ok not-installed", false)]
    [InlineData("install reinstreq half-installed", false)]
    public void Only_the_installed_state_counts(string status, bool counted)
    {
        var packages = Read($"Package: foo\nStatus: {status}\nVersion: 1.0-1\n");
        Assert.Equal(counted, packages.Count == 1);
    }

    [Fact]
    public void Multiline_fields_are_skipped_and_blank_lines_separate_stanzas()
    {
        var packages = Read("Package: alpha\nStatus: install ok installed\nDescription: x\n more\n .\n end\nVersion: 1\n\n\nPackage: beta\nStatus: install ok installed\nVersion: 2\n");
        Assert.Equal(["alpha", "beta"], packages.Select(p => p.Name));
    }

    [Theory]
    [InlineData("Package: foo\nStatus: install ok installed\nVersion: 1.0-1\nthis is not a field\n", 4, "expected 'Field: value'")]
    [InlineData(" continuation first\n", 1, "continuation line outside a field")]
    [InlineData("Status: install ok installed\nVersion: 1\n", 1, "stanza has no Package field")]
    [InlineData("Package: foo\nVersion: 1\n", 1, "package foo has no Status field")]
    [InlineData("Package: foo\nStatus: installed\nVersion: 1\n", 2, "expected 'Status: <want> <flag> <state>'")]
    [InlineData("Package: foo\nStatus: install ok installed\n", 1, "installed package foo has no Version field")]
    [InlineData("Package: foo\nStatus: install ok installed\nVersion: 1.0-1\n\nPackage: bar\nStatus: install ok installed\nVersion: x1\n", 7, "package bar: invalid Debian version 'x1'")]
    [InlineData("Package: foo\nStatus: install ok installed\nVersion: 1\nSource: bar (\n", 4, "expected 'Source: name' or 'Source: name (version)'")]
    [InlineData("Package: Foo_Bar\nStatus: install ok installed\nVersion: 1\n", 1, "invalid package name 'Foo_Bar'")]
    public void Malformed_status_is_an_error_naming_file_and_line(string text, int line, string expected)
    {
        var error = Assert.Throws<VigilException>(() => Read(text));
        Assert.StartsWith($"status:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Every_truncation_of_a_real_status_file_either_parses_or_fails_cleanly()
    {
        var text = Fixture.Text("status-bookworm-excerpt");
        for (var length = 0; length <= text.Length; length += 7)
        {
            AssertParsesOrFailsCleanly(text[..length]);
        }
    }

    [Fact]
    public void Random_bytes_either_parse_or_fail_cleanly()
    {
        var random = new Random(7);
        var text = Fixture.Text("status-bookworm-excerpt");
        for (var i = 0; i < 500; i++)
        {
            var chars = text.ToCharArray();
            for (var j = 0; j < 1 + random.Next(20); j++)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 256);
            }
            AssertParsesOrFailsCleanly(new string(chars));
        }
        for (var i = 0; i < 200; i++)
        {
            AssertParsesOrFailsCleanly(new string(Enumerable.Range(0, random.Next(1, 400)).Select(_ => (char)random.Next(0, 128)).ToArray()));
        }
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Lines_end_where_text_readers_end_them(string lineBreak)
    {
        // Enough stanzas that line breaks, \r\n pairs included, fall across the reader's 16 KiB buffer.
        var text = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"Package: pkg{i}{lineBreak}Status: install ok installed{lineBreak}Version: 1.{i}-1{lineBreak}{lineBreak}"));

        var packages = Read(text);

        Assert.Equal(2_000, packages.Count);
        Assert.Equal(["pkg0", "1.0-1"], [packages[0].Name, packages[0].Version.Text]);
        Assert.Equal(["pkg1999", "1.1999-1"], [packages[^1].Name, packages[^1].Version.Text]);
        Assert.Equal(1 + (1_999 * 4), packages[^1].Line);
    }

    [Fact]
    public void Huge_input_is_read_without_trouble()
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            builder.Append($"Package: pkg{i}\nStatus: install ok installed\nVersion: 1.{i}-1\nDescription: d\n {new string('x', 100)}\n\n");
        }
        builder.Append("Package: long\nStatus: install ok installed\nVersion: 1\nDescription: ").Append('y', 5_000_000).Append('\n');
        Assert.Equal(50_001, Read(builder.ToString()).Count);
    }

    private static void AssertParsesOrFailsCleanly(string text)
    {
        try
        {
            Read(text);
        }
        catch (VigilException e)
        {
            Assert.StartsWith("status:", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_maintainer_dependencies_and_provided_names_are_kept_for_the_sbom()
    {
        var tzdata = Excerpt().Single(p => p.Name == "tzdata");
        var bash = Excerpt().Single(p => p.Name == "bash");

        Assert.Equal("GNU Libc Maintainers <debian-glibc@lists.debian.org>", Excerpt().Single(p => p.Name == "libc6").Maintainer);
        Assert.Equal(["debconf", "debconf-2.0"], tzdata.Depends);
        Assert.Equal(["tzdata-bookworm"], tzdata.Provides);
        Assert.Equal(["libc6", "libtinfo6", "base-files", "debianutils"], bash.Depends);
    }

    [Fact]
    public void Relation_names_are_the_packages_named_in_order_each_once_without_versions_or_architectures()
    {
        var names = InstalledPackage.RelationNames("libc6 (>= 2.34), perl:any, debconf (>= 0.5) | debconf-2.0,, libc6", "libfoo1 [amd64], awk");

        Assert.Equal(["libc6", "perl", "debconf", "debconf-2.0", "libfoo1", "awk"], names);
        Assert.Empty(InstalledPackage.RelationNames(null, " , | "));
    }
}
