using System.Text.RegularExpressions;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>
/// The native vigil (scripts/install.sh) against the managed one installed with it. The commands it runs itself are
/// run from a copy of it alone, with no managed build beside it to hand over to, so a pass proves they ran natively;
/// their output, byte for byte, and exit codes are the managed build's.
/// </summary>
public sealed partial class NativeBuildTests : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly Lazy<string> alone;

    public NativeBuildTests()
    {
        alone = new(() =>
        {
            var copy = home.File("native/vigil");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(NativeInstall.Native, copy);
            return copy;
        });
    }

    public void Dispose() => home.Dispose();

    private string Data => home.File("data");

    /// <summary>The native vigil with no managed build beside it: only what it runs itself can succeed.</summary>
    private (int ExitCode, string Out, string Error) Alone(string[] args, params string[] environment) =>
        NativeInstall.Run(alone.Value, home.Path, [.. args, "--data-dir", Data], environment);

    private (int ExitCode, string Out, string Error) Installed(params string[] args) => NativeInstall.Run(NativeInstall.Native, home.Path, [.. args, "--data-dir", Data]);

    private (int ExitCode, string Out, string Error) Managed(params string[] args) => NativeInstall.Run(NativeInstall.Managed, home.Path, [.. args, "--data-dir", Data]);

    private void ImportNatively()
    {
        Assert.Equal(0, Alone(["feeds", "import", "debian", Fixture.Path("tracker-excerpt.json.xz"), "--quiet"]).ExitCode);
        Assert.Equal(0, Alone(["feeds", "import", "kernel", KernelFixture.Root, "--quiet"]).ExitCode);
    }

    private static (int, string, string) WithoutScanTime((int ExitCode, string Out, string Error) result) =>
        (result.ExitCode, ScanTime().Replace(result.Out, "\"scannedAt\": \"\""), result.Error);

    [GeneratedRegex("\"scannedAt\": \"[^\"]*\"")]
    private static partial Regex ScanTime();

    public static TheoryData<string> ReportFormats => ["json", "table", "csv", "markdown", "sarif"];

    [RequiresNativeInstallFact]
    public void Version_runs_natively_and_is_the_managed_builds()
    {
        var native = NativeInstall.Run(alone.Value, home.Path, ["--version"]);

        Assert.Equal((0, ""), (native.ExitCode, native.Error));
        Assert.Equal(NativeInstall.Run(NativeInstall.Managed, home.Path, ["--version"]).Out, native.Out);
    }

    [RequiresNativeInstallTheory]
    [MemberData(nameof(ReportFormats))]
    public void A_debian_scan_runs_natively_and_prints_the_managed_builds_report(string format)
    {
        ImportNatively();
        string[] scan = ["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--format", format];

        var native = WithoutScanTime(Alone(scan));

        Assert.Equal(WithoutScanTime(Managed(scan)), native);
        Assert.Equal(0, native.Item1);
        Assert.NotEmpty(native.Item2);
    }

    [RequiresNativeInstallTheory]
    [MemberData(nameof(ReportFormats))]
    public void A_kernel_scan_runs_natively_and_prints_the_managed_builds_report(string format)
    {
        ImportNatively();
        string[] scan = ["kernel", "scan", "--version", "6.4.8", "--format", format];

        var native = WithoutScanTime(Alone(scan));

        Assert.Equal(WithoutScanTime(Managed(scan)), native);
        Assert.Equal(0, native.Item1);
        Assert.NotEmpty(native.Item2);
    }

    [RequiresNativeInstallFact]
    public void Filters_and_the_ci_gate_give_the_managed_builds_output_and_exit_code()
    {
        ImportNatively();
        string[] debian = ["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--only-fixed", "--fail-on", "low", "--format", "csv"];
        string[] kernel = ["kernel", "scan", "--version", "6.4.8", "--show", "affected", "--fail-on", "medium", "--format", "csv"];

        var (nativeDebian, nativeKernel) = (Alone(debian), Alone(kernel));

        Assert.Equal(Managed(debian), nativeDebian);
        Assert.Equal(Managed(kernel), nativeKernel);
        Assert.Equal((2, 2), (nativeDebian.ExitCode, nativeKernel.ExitCode));
    }

    [RequiresNativeInstallFact]
    public void Root_filesystem_and_isar_deploy_scans_run_natively_and_print_the_managed_builds_report()
    {
        ImportNatively();
        home.Write("root/etc/os-release", "ID=debian\nVERSION_CODENAME=bookworm\n");
        File.Copy(Fixture.Path("status-bookworm-excerpt"), home.Write("root/var/lib/dpkg/status", ""), overwrite: true);
        File.Copy(Fixture.Path("status-bookworm-excerpt"), home.Write("deploy/cip-core-image-cip-core-bookworm-qemu-amd64.dpkg_status", ""), overwrite: true);
        string[] rootfs = ["scan", "--rootfs", home.File("root"), "--format", "json"];
        string[] isar = ["scan", "--isar-deploy", home.File("deploy"), "--format", "json"];

        var (nativeRootfs, nativeIsar) = (WithoutScanTime(Alone(rootfs)), WithoutScanTime(Alone(isar)));

        Assert.Equal(WithoutScanTime(Managed(rootfs)), nativeRootfs);
        Assert.Equal(WithoutScanTime(Managed(isar)), nativeIsar);
        Assert.Equal((0, 0), (nativeRootfs.Item1, nativeIsar.Item1));
    }

    [RequiresNativeInstallTheory]
    [InlineData("tracker-excerpt.json")]
    [InlineData("tracker-excerpt.json.gz")]
    [InlineData("tracker-excerpt.json.zst")]
    public void A_feed_imported_natively_scans_as_the_managed_builds_import_does(string feed)
    {
        string[] scan = ["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--format", "json"];
        Assert.Equal(0, Managed("feeds", "import", "debian", Fixture.Path(feed), "--quiet").ExitCode);
        var afterManagedImport = WithoutScanTime(Managed(scan));
        Directory.Delete(Data, recursive: true);

        Assert.Equal(0, Alone(["feeds", "import", "debian", Fixture.Path(feed), "--quiet"]).ExitCode);

        Assert.Equal(afterManagedImport, WithoutScanTime(Managed(scan)));
    }

    [RequiresNativeInstallFact]
    public void A_kernel_snapshot_imported_natively_scans_as_the_managed_builds_import_does()
    {
        var snapshot = KernelFixture.TarGz(KernelFixture.Root, home.File("vulns-master.tar.gz"));
        string[] scan = ["kernel", "scan", "--version", "5.15.100", "--format", "json"];
        Assert.Equal(0, Managed("feeds", "import", "kernel", snapshot, "--quiet").ExitCode);
        var afterManagedImport = WithoutScanTime(Managed(scan));
        Directory.Delete(Data, recursive: true);

        Assert.Equal(0, Alone(["feeds", "import", "kernel", snapshot, "--quiet"]).ExitCode);

        Assert.Equal(afterManagedImport, WithoutScanTime(Managed(scan)));
    }

    [RequiresNativeInstallFact]
    public async Task A_first_scan_fetches_the_feed_natively()
    {
        await using var server = await LoopbackFeedServer.StartAsync(File.ReadAllBytes(Fixture.Path("tracker-excerpt.json")));
        string[] scan = ["scan", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--release", "bookworm", "--format", "json", "--quiet"];

        var native = Alone(scan, $"VIGIL_DEBIAN_TRACKER_URL={server.FeedUrl}");

        Assert.Equal((0, ""), (native.ExitCode, native.Error));
        Assert.Equal(1, server.FullResponses);
        Assert.Equal(WithoutScanTime(Managed([.. scan, "--offline"])), WithoutScanTime(native));
    }

    [RequiresNativeInstallFact]
    public void Bad_input_is_the_managed_builds_one_line_error()
    {
        string[] scan = ["scan", "--dpkg-status", home.File("missing.dpkg_status"), "--release", "bookworm", "--offline"];

        var native = Alone(scan);

        Assert.Equal(Managed(scan), native);
        Assert.Equal(1, native.ExitCode);
        Assert.Single(native.Error.TrimEnd('\n').Split('\n'));
    }

    [RequiresNativeInstallFact]
    public void Other_commands_reach_the_managed_build_unchanged()
    {
        ImportNatively();
        string[] add = ["product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm"];

        Assert.Equal(0, Installed(add).ExitCode);
        Assert.Equal(0, Installed("scan", "--product", "gateway", "--quiet").ExitCode);

        Assert.Equal(Managed("product", "list", "--format", "json"), Installed("product", "list", "--format", "json"));
        Assert.Equal(Managed("product", "show", "nonexistent"), Installed("product", "show", "nonexistent"));
        Assert.Equal(Managed("--help"), Installed("--help"));
    }

    [RequiresNativeInstallFact]
    public void The_native_build_carries_neither_the_database_nor_the_server()
    {
        var binary = File.ReadAllBytes(NativeInstall.Native);

        Assert.Equal(-1, binary.AsSpan().IndexOf("Microsoft.EntityFrameworkCore"u8));
        Assert.Equal(-1, binary.AsSpan().IndexOf("Microsoft.AspNetCore"u8));
    }

    [RequiresNativeInstallFact]
    public void Without_the_managed_build_other_commands_fail_in_one_line()
    {
        var result = Alone(["product", "list"]);

        Assert.Equal((1, ""), (result.ExitCode, result.Out));
        Assert.Equal($"vigil: error: this command runs in the managed part of vigil, which is missing at {Path.GetDirectoryName(alone.Value)}/managed/vigil; "
            + "install vigil again with scripts/install.sh\n", result.Error);
    }

    [RequiresNativeInstallFact]
    public void A_native_scan_reading_standard_input_stops_on_sigterm()
    {
        ImportNatively();

        var result = OpenInputRun.Terminate(alone.Value, ["scan", "--dpkg-status", "-", "--release", "bookworm", "--offline", "--data-dir", Data],
            File.ReadAllText(Fixture.Path("status-bookworm-excerpt"))[..200]);

        Assert.Equal((143, "vigil: interrupted; nothing stored was changed\n"), result);
    }
}
