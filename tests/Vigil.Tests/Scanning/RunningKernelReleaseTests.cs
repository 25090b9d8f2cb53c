using Vigil.Common;
using Vigil.Scanning.Kernel;

namespace Vigil.Tests.Scanning;

public sealed class RunningKernelReleaseTests
{
    [Theory]
    [InlineData("6.1.0-28-amd64")]
    [InlineData("6.1.0-28-rt-amd64")]
    [InlineData("5.10.0-30-cloud-arm64")]
    [InlineData("4.19.0-27-686-pae")]
    public void A_debian_abi_name_without_its_package_version_is_refused_with_its_own_code(string text)
    {
        var error = Assert.Throws<VigilException>(() => RunningKernelRelease.Resolve(text, null));

        Assert.Equal(ErrorCodes.KernelAbiName, error.Code);
    }

    [Theory]
    [InlineData("6.1.119-cip33", "6.1.119")]
    [InlineData("6.1.0", "6.1.0")]
    [InlineData("6.1.0-28", "6.1.0")]
    [InlineData("6.1.0-28-AMD64", "6.1.0")]
    [InlineData("6.1.1-28-amd64", "6.1.1")]
    [InlineData("6.1.0-rc3-amd64", "6.1.0-rc3")]
    [InlineData("6.1.0-28-amd64-", "6.1.0")]
    public void A_release_that_only_looks_like_an_abi_name_is_taken_as_the_release(string text, string release)
    {
        Assert.Equal(release, RunningKernelRelease.Resolve(text, null).Number);
    }

    [Fact]
    public void An_abi_name_with_its_package_version_is_the_packages_upstream_release()
    {
        Assert.Equal("6.1.119", RunningKernelRelease.Resolve("6.1.0-28-amd64", "6.1.119-1").Number);
    }
}
