using Vigil.Inventory;
using Vigil.Tests.Support;

namespace Vigil.Tests.Inventory;

public sealed class ScanTargetTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("cip-core-image-cip-core-bookworm-qemu-amd64.dpkg_status", "bookworm")]
    [InlineData("image_trixie.status", "trixie")]
    [InlineData("sid", "sid")]
    [InlineData("bookworm-image-bookworm.status", "bookworm")]
    [InlineData("bookworm-to-trixie.status", null)]
    [InlineData("notbookworm.status", null)]
    [InlineData("bookworm2.status", null)]
    [InlineData("status", null)]
    public void A_status_files_release_is_the_one_codename_among_the_words_of_its_name(string name, string? release)
    {
        var path = directory.Write(name, "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13.dfsg-1\n");

        Assert.Equal(release, ScanTarget.FromStatusFile(path).Release);
    }
}
