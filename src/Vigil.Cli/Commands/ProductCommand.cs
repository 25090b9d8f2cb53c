using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Inventory;
using Vigil.Scanning;
using Vigil.Application;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil product add|list|show</c>: the products a team ships, their releases and where each one's inventory is.</summary>
public static class ProductCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var product = new Command("product", "Products, their releases or branches, and where each release's inventory comes from");
        product.Subcommands.Add(BuildAdd(globals, environment));
        product.Subcommands.Add(BuildList(globals, environment));
        product.Subcommands.Add(BuildShow(globals, environment));
        return product;
    }

    private static Command BuildAdd(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Argument<string>("PRODUCT") { Description = "The product's name, e.g. gateway" };
        var release = new Option<string>("--release") { Description = "The release or branch, e.g. 2026.1 or main", HelpName = "NAME", Required = true };
        var description = new Option<string?>("--description") { Description = "What the product is (kept with the product when it is first added)", HelpName = "TEXT" };
        var dpkgStatus = new Option<string?>("--dpkg-status") { Description = "Its Debian packages: a dpkg status file (an Isar image's *.dpkg_status)", HelpName = "FILE" };
        var rootfs = new Option<string?>("--rootfs") { Description = "Its Debian packages: a root filesystem", HelpName = "DIR" };
        var isarDeploy = new Option<string?>("--isar-deploy") { Description = "Its Debian packages: an Isar deploy directory", HelpName = "DIR" };
        var sbom = new Option<string?>("--sbom") { Description = "Its Debian packages: an SBOM (CycloneDX or SPDX JSON, e.g. from syft or debsbom)", HelpName = "FILE" };
        var debianRelease = new Option<string?>("--debian-release") { Description = "Debian release to judge packages against [default: as vigil scan finds it]", HelpName = "CODENAME" };
        var kernelVersion = new Option<string?>("--kernel-version") { Description = "Its kernel, e.g. 6.1.119-cip33", HelpName = "VERSION" };
        var kernelPackageVersion = new Option<string?>("--kernel-package-version") { Description = "For a Debian kernel: the linux-image package version", HelpName = "DEBVERSION" };
        var gitRepo = new Option<string?>("--git-repo") { Description = "The kernel git tree to check fixes against", HelpName = "DIR" };
        var gitRef = new Option<string?>("--ref") { Description = "The commit of the tree that is this release [default: HEAD]", HelpName = "REF" };
        var compiledFiles = new Option<string?>("--compiled-files") { Description = "The kernel's compiled source list", HelpName = "FILE" };
        var buildDir = new Option<string?>("--build-dir") { Description = "The kernel build directory (*.o.cmd)", HelpName = "DIR" };
        var spdx = new Option<string?>("--spdx") { Description = "The kernel's SPDX SBOM", HelpName = "FILE" };
        var command = new Command("add",
            """
            Add a release of a product (and the product, the first time) with where its inventory is. Paths are
            kept as given (made absolute) and read at every scan, so a scan sees the release as it is then.

            Example:
              vigil product add gateway --release 2026.1 --isar-deploy build/tmp/deploy/images/qemu-amd64 \
                --kernel-version 6.1.119-cip33 --git-repo ~/src/linux-cip
            """)
        {
            name, release, description, dpkgStatus, rootfs, isarDeploy, sbom, debianRelease, kernelVersion, kernelPackageVersion, gitRepo, gitRef, compiledFiles, buildDir, spdx,
        };
        var packageLists = new OneOf<PackageInventoryKind>((PackageInventoryKind.DpkgStatus, dpkgStatus), (PackageInventoryKind.Rootfs, rootfs),
            (PackageInventoryKind.IsarDeploy, isarDeploy), (PackageInventoryKind.Sbom, sbom));
        var kernelBuilds = new OneOf<KernelBuildKind>((KernelBuildKind.CompiledFiles, compiledFiles), (KernelBuildKind.BuildDirectory, buildDir), (KernelBuildKind.Spdx, spdx));
        command.Validators.Add(result =>
        {
            var packages = packageLists.GivenIn(result);
            if (packages.Length > 1)
            {
                result.AddError($"choose one of {string.Join(", ", packages)}");
            }
            var builds = kernelBuilds.GivenIn(result);
            if (builds.Length > 1)
            {
                result.AddError($"choose one of {string.Join(", ", builds)}");
            }
            if (packages.Length == 0 && result.GetResult(kernelVersion) is null)
            {
                result.AddError("a release needs an inventory: --dpkg-status, --rootfs or --isar-deploy for packages, --kernel-version for the kernel, or both");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            string? Full(string? given) => environment.PathOf(given) is { } path ? Path.GetFullPath(path) : null;
            var (packagesKind, packagesGiven) = packageLists.ChosenIn(parse);
            var (buildKind, buildGiven) = kernelBuilds.ChosenIn(parse);
            var (packagesPath, buildPath) = (Full(packagesGiven), Full(buildGiven));
            var stored = await run.Work.Products.AddReleaseAsync(new AddReleaseRequest
            {
                Product = parse.GetValue(name)!,
                Description = parse.GetValue(description),
                Release = parse.GetValue(release)!,
                PackagesKind = packagesKind,
                PackagesPath = packagesPath,
                DebianRelease = parse.GetValue(debianRelease),
                KernelVersion = parse.GetValue(kernelVersion),
                KernelPackageVersion = parse.GetValue(kernelPackageVersion),
                KernelGitRepository = Full(parse.GetValue(gitRepo)),
                KernelGitReference = parse.GetValue(gitRef),
                KernelBuildKind = buildKind,
                KernelBuildPath = buildPath,
            }, cancellation);
            run.Notice($"added release {stored.Name} of {parse.GetValue(name)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildList(GlobalOptions globals, CliEnvironment environment)
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("list", "List the products and their releases") { format };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var products = await run.Work.Products.ListAsync(cancellation);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream, Contracts.ProductListEntry.Of(products), Contracts.ContractJson.Default.IReadOnlyListProductListEntry));
                return ExitCodes.Success;
            }
            foreach (var product in products)
            {
                environment.Out.WriteLine($"{product.Name}\t{string.Join(", ", product.Releases.OrderBy(r => r.CreatedAt).Select(r => r.Name))}\t{product.Description}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildShow(GlobalOptions globals, CliEnvironment environment)
    {
        var name = new Argument<string>("PRODUCT") { Description = "The product's name" };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("show", "Show a product's releases, their inventories and their latest scans") { name, format };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var details = await run.Work.Products.ShowAsync(parse.GetValue(name)!, cancellation);
            var product = details.Product;
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream,
                    Contracts.ProductView.Of(product, r => ScanKindNames.All.SelectMany(k => details.ScansOf(r, k))), Contracts.ContractJson.Default.ProductView));
                return ExitCodes.Success;
            }
            environment.Out.WriteLine($"{product.Name}{(product.Description is null ? "" : $": {product.Description}")}");
            foreach (var r in product.Releases.OrderBy(r => r.CreatedAt))
            {
                environment.Out.WriteLine($"  release {r.Name}");
                if (r.PackagesKind is not null)
                {
                    environment.Out.WriteLine($"    packages: {r.PackagesKind.Value.Name()} {r.PackagesPath}{(r.DebianRelease is null ? "" : $" ({r.DebianRelease})")}");
                }
                if (r.KernelVersion is not null)
                {
                    environment.Out.WriteLine($"    kernel:   {r.KernelVersion}{(r.KernelGitRepo is null ? "" : $", tree {r.KernelGitRepo} at {r.KernelGitRef ?? "HEAD"}")}{(r.KernelBuildKind is { } buildKindShown ? $", {buildKindShown.Name()} {r.KernelBuildPath}" : "")}");
                }
                foreach (var kind in ScanKindNames.All)
                {
                    var scans = details.ScansOf(r, kind);
                    if (scans.Count > 0)
                    {
                        var last = scans[^1];
                        environment.Out.WriteLine($"    {kind.Name()} scans: {scans.Count}, last {last.ScannedAt:yyyy-MM-dd HH:mm} UTC ({last.Id})");
                    }
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
