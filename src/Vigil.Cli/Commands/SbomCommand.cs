using System.CommandLine;
using Vigil.Application;
using Vigil.Cli.Output;
using Vigil.Inventory;
using Vigil.Sbom;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil sbom</c>: the software bill of materials of a product release, an image or this machine.</summary>
public static class SbomCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var product = new Option<string?>("--product") { Description = "The SBOM of a product's release: its recorded packages and kernel", HelpName = "NAME" };
        var release = new Option<string?>("--release") { Description = "Which release of --product [default: the newest]", HelpName = "NAME" };
        var dpkgStatus = new Option<string?>("--dpkg-status") { Description = "The packages of this dpkg status file (an Isar image's *.dpkg_status)", HelpName = "FILE" };
        var rootfs = new Option<string?>("--rootfs") { Description = "The packages of a root filesystem; its copyright files give the licences", HelpName = "DIR" };
        var isarDeploy = new Option<string?>("--isar-deploy") { Description = "The one *.dpkg_status image manifest in an Isar deploy directory", HelpName = "DIR" };
        var kernelVersion = new Option<string?>("--kernel-version") { Description = "Add the Linux kernel of this version as a component", HelpName = "VERSION" };
        var debianRelease = new Option<string?>("--debian-release") { Description = "Debian release for the purls' distro qualifier, e.g. bookworm [default: as the inventory says]", HelpName = "CODENAME" };
        var debs = new Option<string[]>("--debs")
        {
            Description = "Directories holding the packages' .deb files (an apt cache, a deploy directory), for their SHA-512; may be repeated",
            HelpName = "DIR",
            AllowMultipleArgumentsPerToken = false,
        };
        var author = new Option<string?>("--author") { Description = "Who the SBOM is from, e.g. \"ACME product security <psirt@acme.example>\"", HelpName = "NAME" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Document format: CycloneDX 1.6 JSON, SPDX 2.3 JSON or SPDX 3.0.1 JSON-LD",
            DefaultValueFactory = _ => "cyclonedx",
        };
        format.AcceptOnlyFromAmong("cyclonedx", "spdx", "spdx3");
        var output = new Option<string?>("--output", "-o") { Description = "Write the SBOM to FILE instead of standard output", HelpName = "FILE" };

        var compiledFiles = new Option<string?>("--kernel-compiled-files")
        {
            Description = "List the kernel's compiled source files (one per line) under it [default: the build a product's release records]",
            HelpName = "FILE",
        };
        var signKey = new Option<string?>("--sign-key")
        {
            Description = "Sign the SBOM with this release key (Vigil's or gpg's secret key file): a detached FILE.asc beside --output",
            HelpName = "FILE",
        };
        var passphraseFd = KeyCommand.PassphraseFd();
        var passphraseFile = KeyCommand.PassphraseFile();
        var command = new Command("sbom",
            """
            Write a software bill of materials: every installed Debian package with its purl
            (pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=debian-12, the source package as upstream=), maintainer,
            licence (from a root filesystem's machine-readable copyright files), .deb file name and SHA-512 (from
            --debs), and dependencies; the kernel when known; the product as the root. CycloneDX 1.6, SPDX 2.3 JSON or SPDX 3.0.1 JSON-LD.
            Says on standard error which BSI TR-03183-2 fields could not be filled, per component.

            Examples:
              vigil sbom --product gateway -o gateway.cdx.json
              vigil sbom --rootfs /mnt/image --debs /mnt/image/var/cache/apt/archives --format spdx -o image.spdx.json
              vigil sbom --product gateway --format spdx3 -o release/gateway.spdx.json --sign-key release.secret.asc
            """)
        {
            product, release, dpkgStatus, rootfs, isarDeploy, kernelVersion, compiledFiles, debianRelease, debs, author, format, output, signKey, passphraseFd, passphraseFile,
        };
        var packages = new OneOf<PackageInventoryKind>((PackageInventoryKind.DpkgStatus, dpkgStatus), (PackageInventoryKind.Rootfs, rootfs), (PackageInventoryKind.IsarDeploy, isarDeploy));
        command.Validators.Add(result =>
        {
            var given = packages.GivenIn(result);
            if (given.Length > 1)
            {
                result.AddError($"choose one of {string.Join(", ", given)}: they name different package lists");
            }
            if (result.GetResult(release) is not null && result.GetResult(product) is null)
            {
                result.AddError("--release needs --product");
            }
            if (result.GetResult(compiledFiles) is not null && result.GetResult(kernelVersion) is null && result.GetResult(product) is null)
            {
                result.AddError("--kernel-compiled-files needs a kernel: --kernel-version, or --product for a release that records one");
            }
            if (result.GetResult(signKey) is not null && result.GetResult(output) is null)
            {
                result.AddError("--sign-key needs --output: the signature goes beside the SBOM file, as FILE.asc");
            }
        });

        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var (kind, path) = packages.ChosenIn(parse);
            var outputPath = environment.PathOf(parse.GetValue(output));
            ReportWriter.CheckWritable(outputPath);
            var outcome = await run.Work.Sboms.BuildAsync(new SbomRequest
            {
                Product = parse.GetValue(product),
                Release = parse.GetValue(release),
                InventoryKind = kind,
                InventoryPath = environment.PathOf(path),
                DebianRelease = parse.GetValue(debianRelease),
                KernelVersion = parse.GetValue(kernelVersion),
                KernelCompiledFiles = environment.PathOf(parse.GetValue(compiledFiles)),
                Author = parse.GetValue(author),
                DebDirectories = [.. (parse.GetValue(debs) ?? []).Select(d => environment.PathOf(d)!)],
                Format = parse.GetValue(format) switch { "spdx" => SbomFormat.Spdx, "spdx3" => SbomFormat.Spdx3, _ => SbomFormat.CycloneDx },
            }, cancellation);
            ReportWriter.WriteUtf8(run, outputPath, stream => stream.Write(outcome.Document));
            if (environment.PathOf(parse.GetValue(signKey)) is { } keyPath)
            {
                // Signed like 'vigil sign': a detached FILE.asc that gpg verifies, listed by 'vigil release manifest' with the SBOM.
                var integrity = run.Work.Integrity;
                var passphrase = Passphrase.Read(environment, parse.GetValue(passphraseFd), parse.GetValue(passphraseFile), $"Passphrase for {await integrity.KeyFingerprintAsync(keyPath, cancellation)}: ");
                try
                {
                    var fingerprint = await integrity.SignAsync(outputPath!, keyPath, passphrase, outputPath + ".asc", cancellation);
                    run.Notice($"signed {outputPath} with {fingerprint}: {outputPath}.asc");
                }
                finally
                {
                    Array.Clear(passphrase);
                }
            }
            foreach (var line in Tr03183Gaps(outcome.Bill))
            {
                run.Warn(line);
            }
            if (outcome.Bill.Components.Any(c => c.Files.Count > 0) && parse.GetValue(format) == "spdx")
            {
                run.Warn("SPDX 2.3 lists no compiled kernel files (it asks a checksum of each, which a file list does not give); --format spdx3 or cyclonedx lists them");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The TR-03183-2 fields left empty, one line per combination of missing fields, naming every component.</summary>
    private static IEnumerable<string> Tr03183Gaps(SoftwareBill bill)
    {
        if (bill.Author is null)
        {
            yield return "TR-03183-2: the SBOM names no creator; give --author";
        }
        foreach (var group in bill.Components.Where(c => c.MissingFields.Count > 0).GroupBy(c => string.Join(", ", c.MissingFields)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return $"TR-03183-2: {group.Count()} component(s) without {group.Key}: {string.Join(", ", group.Select(c => c.Kind == SbomComponentKind.Kernel ? "linux" : $"{c.Name}:{c.Purl?.Qualifier("arch")}"))}";
        }
    }
}
