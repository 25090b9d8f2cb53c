using Vigil.Inventory;
using Vigil.Tests.Support;
using Vigil.Triage;

namespace Vigil.Tests.Triage;

/// <summary>Which component a VEX statement's purl or CPE is, judged against the committed bookworm status file and a CIP kernel.</summary>
public class VexProductMatcherTests
{
    private static readonly VexProductMatcher Matcher = new(DpkgStatusReader.ReadFile(Fixture.Path("status-bookworm-excerpt")), "6.1.119-cip33");

    [Theory]
    [InlineData("pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl", "openssl")]
    [InlineData("pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=amd64&distro=debian-12", "openssl")]
    [InlineData("pkg:deb/debian/libssl3@3.0.19-1%7Edeb12u2", "openssl")]
    [InlineData("pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bdeb12u3?arch=amd64", "util-linux")]
    [InlineData("pkg:deb/debian/bash@5.2.15-2%2Bb8?arch=amd64&upstream=bash%405.2.15-2", "bash")]
    [InlineData("pkg:deb/debian/openssl?arch=source", "openssl")]
    [InlineData("pkg:deb/debian/glibc@2.36-9%2Bdeb12u14", "glibc")]
    [InlineData("pkg:deb/debian/zlib?arch=source", "zlib")]
    [InlineData("pkg:generic/linux@6.1.119-cip33", "linux")]
    [InlineData("pkg:generic/linux", "linux")]
    [InlineData("cpe:2.3:o:linux:linux_kernel:6.1.119:*:*:*:*:*:*:*", "linux")]
    [InlineData("cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", "linux")]
    [InlineData("cpe:/o:linux:linux_kernel:6.1.119-cip33", "linux")]
    public void A_statements_product_is_the_component_findings_name(string product, string component) =>
        Assert.Equal(VexMatch.To(component), Matcher.Match(product));

    [Theory]
    [InlineData("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64", "is about libssl3 3.0.11-1~deb12u2; the inventory has 3.0.19-1~deb12u2")]
    [InlineData("pkg:deb/debian/libssl3@3.0.19-1~deb12u2?arch=arm64", "binary package libssl3 is not in the inventory")]
    [InlineData("pkg:deb/debian/libfoo1@1.0-1?arch=amd64", "binary package libfoo1 is not in the inventory")]
    [InlineData("pkg:generic/linux@5.10.200", "is about linux 5.10.200; the product runs 6.1.119-cip33")]
    [InlineData("cpe:2.3:o:linux:linux_kernel:6.6.1:*:*:*:*:*:*:*", "is about linux 6.6.1; the product runs 6.1.119-cip33")]
    [InlineData("cpe:2.3:a:openssl:openssl:3.0.19:*:*:*:*:*:*:*", "does not name the Linux kernel")]
    [InlineData("pkg:pypi/django@4.2", "is a pkg:pypi, not a Debian package")]
    [InlineData("https://example.org/products/gateway", "is neither a package URL (pkg:) nor a CPE")]
    [InlineData("pkg:deb", "expected a type and a name")]
    public void A_product_that_is_no_component_says_why(string product, string reason)
    {
        var match = Matcher.Match(product);

        Assert.Null(match.Component);
        Assert.Contains(reason, match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_text_as_a_product_is_a_match_or_a_reason_never_an_exception()
    {
        var random = new Random(20261127);
        const string alphabet = "pkg:deb/debian/cpe:2.3:o:linux_kernel@?&=%#+~*-.0123456789abcxyz";
        for (var i = 0; i < 20_000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 60)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var match = Matcher.Match(random.Next(3) == 0 ? "pkg:" + text : random.Next(2) == 0 ? "cpe:" + text : text);
            Assert.True(match.Component is not null ^ match.Reason is not null, text);
        }
    }
}
