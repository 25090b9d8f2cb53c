using Vigil.Sbom;

namespace Vigil.Tests.Sbom;

/// <summary>Declared licences from Debian's machine-readable copyright files, in SPDX terms.</summary>
public sealed class DebianCopyrightTests
{
    private const string Header = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n";

    [Theory]
    [InlineData("GPL-2+", "GPL-2.0-or-later")]
    [InlineData("GPL-2", "GPL-2.0-only")]
    [InlineData("LGPL-2.1+", "LGPL-2.1-or-later")]
    [InlineData("BSD-3-clause", "BSD-3-Clause")]
    [InlineData("Expat", "MIT")]
    [InlineData("GPL-1+ or Artistic", "GPL-1.0-or-later OR Artistic-1.0-Perl")]
    [InlineData("permissive-fsf", "LicenseRef-permissive-fsf")]
    [InlineData("GPL-2+ with OpenSSL exception", "LicenseRef-GPL-2-plus-with-OpenSSL-exception")]
    public void Debian_short_names_become_spdx_identifiers_or_licence_references(string debian, string spdx)
    {
        Assert.Equal(spdx, DebianCopyright.Parse($"{Header}Files: *\nCopyright: someone\nLicense: {debian}\n"));
    }

    [Fact]
    public void The_licences_of_all_files_paragraphs_are_joined_with_and_each_once()
    {
        var text = $"{Header}Files: *\nLicense: GPL-2+\n\nFiles: lib/*\nLicense: LGPL-2.1+ or GPL-2+\n\nFiles: debian/*\nLicense: GPL-2+\n\nLicense: GPL-2+\n full text\n";

        Assert.Equal("GPL-2.0-or-later AND (LGPL-2.1-or-later OR GPL-2.0-or-later)", DebianCopyright.Parse(text));
    }

    [Theory]
    [InlineData("This package was debianized by someone.\nIt is GPL.\n")]
    [InlineData("")]
    [InlineData("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nComment: no Files paragraph\n")]
    public void A_file_that_is_not_machine_readable_or_names_no_licence_says_nothing(string text)
    {
        Assert.Null(DebianCopyright.Parse(text));
    }
}
