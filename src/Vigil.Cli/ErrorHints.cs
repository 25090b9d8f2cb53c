using Vigil.Common;

namespace Vigil.Cli;

/// <summary>What to type next, by error code: the library says what is wrong, the command line how to go on.</summary>
public static class ErrorHints
{
    public static string? For(VigilException error) => error.Code switch
    {
        ErrorCodes.DebianFeedMissing or ErrorCodes.FeedOutdatedFormat or ErrorCodes.FeedDamaged =>
            "run 'vigil feeds update' (or 'vigil feeds import debian FILE' / 'vigil feeds import kernel PATH')",
        ErrorCodes.DebianFeedOffline => "run 'vigil feeds import debian FILE' with a copy of the tracker JSON",
        ErrorCodes.KernelFeedOffline => "run 'vigil feeds import kernel PATH' with a vulns.git clone or snapshot",
        ErrorCodes.FeedUrlAmbiguous => "say which feed --url is for, e.g. 'vigil feeds update kernel --url URL'",
        ErrorCodes.SbomWithoutKernel => "give the kernel with --version VERSION",
        ErrorCodes.SbomKernelsAmbiguous => "say which with --version VERSION",
        ErrorCodes.CaseUnknown => "'vigil cra status' lists the cases",
        ErrorCodes.PublisherMissing => "give --publisher NAME --publisher-namespace URL, or set VIGIL_CSAF_PUBLISHER_NAME and VIGIL_CSAF_PUBLISHER_NAMESPACE",
        ErrorCodes.NothingToAdvise => "scan the product first ('vigil scan --product P', 'vigil kernel scan --product P')",
        ErrorCodes.ReleaseUnknown => "'vigil product show NAME' lists its releases",
        ErrorCodes.ReleaseWithoutPackages => "scan its kernel with 'vigil kernel scan --product NAME'",
        ErrorCodes.ReleaseWithoutKernel => "pass --version",
        ErrorCodes.KernelAbiName => "pass it with --package-version, e.g. --package-version 6.1.119-1",
        ErrorCodes.ScanUnknown => "'vigil product show NAME' lists the scans",
        ErrorCodes.ScanMissing => "record one with 'vigil scan --product NAME' or 'vigil kernel scan --product NAME'",
        ErrorCodes.ProcessRecordsUnset => "start it with --process-records DIR",
        ErrorCodes.NothingToExport => "--format cyclonedx writes an empty VEX document",
        ErrorCodes.SignedDataUnknown => "pass --data FILE",
        ErrorCodes.KeyringMissing => "give them with --keyring",
        ErrorCodes.SignatureRedundant => "drop --signature",
        ErrorCodes.SignatureMissing => "pass --signature, or drop --keyring",
        ErrorCodes.KernelFeedMissing => "run 'vigil feeds update kernel' or 'vigil feeds import kernel PATH' with a vulns.git clone or snapshot",
        ErrorCodes.CipKernelSecMissing => "run 'vigil feeds import cip-kernel-sec DIR' with a cip-kernel-sec checkout",
        ErrorCodes.FeedUrlInvalid => "use 'vigil feeds import' for a local file",
        ErrorCodes.DatabaseMissing => "check the name, or create it with 'vigil db migrate'",
        ErrorCodes.ProductUnknown => "'vigil product list' shows the products there are",
        ErrorCodes.ProductWithoutRelease => "add one with 'vigil product add NAME --release R ...'",
        ErrorCodes.DebianReleaseUnknown => "pass --release with one of those",
        ErrorCodes.DebianReleaseUndetermined => "pass --release, e.g. --release bookworm",
        ErrorCodes.TargetNotDebian => "pass --dpkg-status FILE or --rootfs DIR",
        ErrorCodes.IsarImageAmbiguous => "pick one with --dpkg-status FILE",
        ErrorCodes.BuildDirectoryEmpty => "point --build-dir at a kernel build output directory",
        ErrorCodes.ArchitectureUnknown => "pass --arch",
        ErrorCodes.BranchPointUnknown => "pass --branch-point with the mainline release tag the branch started from (e.g. v6.1)",
        ErrorCodes.DecisionIncomplete => "pass --justification or --detail",
        ErrorCodes.DecisionWithoutAuthor => "pass --author or set VIGIL_AUTHOR",
        ErrorCodes.NoRecipients => "pass --to ADDRESS (several allowed, or comma-separated)",
        ErrorCodes.NotRecordsFolder => "create one with 'vigil process init DIR'",
        ErrorCodes.KeyboxUnsupported => "export the keys to trust with 'gpg --export KEYID > keyring.gpg' and give that file",
        ErrorCodes.DataDirectoryUnknown => "pass --data-dir DIR or set VIGIL_DATA_DIR",
        _ => null,
    };

    /// <summary>The one line the command line prints for an error: the library's sentence and, when there is one, the hint.</summary>
    public static string Line(VigilException error) => For(error) is { } hint ? $"{error.Message}; {hint}" : error.Message;
}
