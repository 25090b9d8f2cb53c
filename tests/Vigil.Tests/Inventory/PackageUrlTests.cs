using Vigil.Common;
using Vigil.Inventory;

namespace Vigil.Tests.Inventory;

/// <summary>Package URLs as syft, trivy and debsbom write them for Debian packages, read and written in one place.</summary>
public sealed class PackageUrlTests
{
    [Fact]
    public void A_debian_binary_package_is_written_as_syft_writes_it_with_qualifiers_sorted()
    {
        var purl = PackageUrl.ForDeb("libssl3", "3.0.19-1~deb12u2", "amd64", "openssl", "debian-12");

        Assert.Equal("pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl", purl.ToString());
    }

    [Fact]
    public void A_version_with_an_epoch_and_a_plus_keeps_both_literally()
    {
        Assert.Equal("pkg:deb/debian/tzdata@1:2025b+0?distro=debian-12", PackageUrl.ForDeb("tzdata", "1:2025b+0", "", null, "debian-12").ToString());
    }

    [Fact]
    public void Trivys_percent_encoded_plus_reads_as_the_same_version()
    {
        var purl = PackageUrl.Parse("pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&distro=debian-12.8");

        Assert.Equal(("deb", "debian", "bash", "5.2.15-2+b8"), (purl.Type, purl.Namespace, purl.Name, purl.Version));
        Assert.Equal("debian-12.8", purl.Qualifier("distro"));
    }

    [Theory]
    [InlineData("pkg:deb/debian/glibc@2.36-9%2Bdeb12u4?arch=source", "glibc", "source")]
    [InlineData("PKG:DEB/Debian/libc6@2.36-9+deb12u4?ARCH=amd64#usr/lib", "libc6", "amd64")]
    public void Case_subpaths_and_source_architecture_are_read_as_the_spec_says(string text, string name, string arch)
    {
        var purl = PackageUrl.Parse(text);

        Assert.Equal((name, arch, "debian"), (purl.Name, purl.Qualifier("arch"), purl.Namespace));
    }

    [Theory]
    [InlineData("deb/debian/x@1", "it does not start with 'pkg:'")]
    [InlineData("pkg:deb", "expected a type and a name")]
    [InlineData("pkg:deb/debian/x@1?arch", "qualifier 'arch' is not KEY=VALUE")]
    public void What_is_not_a_purl_is_a_one_line_error_saying_why(string text, string why)
    {
        var error = Assert.Throws<VigilException>(() => PackageUrl.Parse(text));

        Assert.Equal($"'{text}' is not a package URL: {why}", error.Message);
    }

    [Fact]
    public void Random_text_is_either_a_purl_or_a_vigil_error_never_a_crash()
    {
        var random = new Random(20261127);
        const string Alphabet = "pkg:deb/debian@?&=#%+~.-_ab1:%2G%%";
        for (var i = 0; i < 20_000; i++)
        {
            var text = "pkg:" + new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            try
            {
                var purl = PackageUrl.Parse(text);
                Assert.Equal(purl.ToString(), PackageUrl.Parse(purl.ToString()).ToString());
            }
            catch (VigilException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
        }
    }
}
