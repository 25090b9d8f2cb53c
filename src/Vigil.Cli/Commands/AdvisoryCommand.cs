using System.CommandLine;
using Vigil.Application;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil advisory</c>: CSAF 2.0 advisories from a product's scans and triage, as a CSAF trusted provider's directory tree.</summary>
public static class AdvisoryCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var product = TriageCommand.ProductOption();
        var release = new Option<string?>("--release") { Description = "Only this release [default: every release of the product]", HelpName = "NAME" };
        var cves = new Option<string[]>("--cve") { Description = "Only these CVEs [default: every CVE the product's latest scans name]", HelpName = "CVE-ID", AllowMultipleArgumentsPerToken = true };
        var vex = new Option<bool>("--vex") { Description = "Write a csaf_vex document instead of a csaf_security_advisory" };
        var draft = new Option<bool>("--draft") { Description = "Write it as a draft (status draft, version 0) for review; issuing it again without --draft publishes version 1" };
        var output = new Option<string>("--output", "-o") { Description = "The provider's web root: the tree goes under DIR/.well-known/csaf/", HelpName = "DIR", Required = true };
        var id = new Option<string?>("--id") { Description = "The advisory's tracking id [default: PRODUCT-RELEASE-SA or -VEX]; issuing the same id again bumps its version", HelpName = "ID" };
        var publisher = new Option<string?>("--publisher") { Description = "The publisher's name [default: $VIGIL_CSAF_PUBLISHER_NAME]", HelpName = "NAME" };
        var publisherNamespace = new Option<string?>("--publisher-namespace") { Description = "The publisher's namespace URL [default: $VIGIL_CSAF_PUBLISHER_NAMESPACE]", HelpName = "URL" };
        var baseUrl = new Option<string?>("--base-url") { Description = "Where the tree will be served [default: the publisher namespace]", HelpName = "URL" };
        var key = new Option<string?>("--key") { Description = "Sign each document with this release key (Vigil's or gpg's secret key file): DOC.asc, and the public key in the tree", HelpName = "FILE" };
        var passphraseFd = KeyCommand.PassphraseFd();
        var passphraseFile = KeyCommand.PassphraseFile();
        var command = new Command("advisory",
            """
            Write a CSAF 2.0 advisory (OASIS; BSI TR-03191) of a product from its latest scans and triage decisions:
            one product per release, each affected Debian package and kernel with its purl, the status per release
            (known_affected with the fixed version or workaround as remediation, known_not_affected with the VEX
            justification, fixed, under_investigation), CVSS where the kernel record has it. The tree is what a CSAF
            trusted provider serves: provider-metadata.json, white/YEAR/ID.json with .sha256, .sha512 and, with --key,
            an OpenPGP .asc, index.txt and changes.csv.

            Examples:
              vigil advisory --product gateway --release 2026.1 -o site --publisher "ACME PSIRT" \
                --publisher-namespace https://psirt.acme.example --key release.secret.asc
              vigil advisory --product gateway --vex -o site
            """)
        {
            product, release, cves, vex, draft, output, id, publisher, publisherNamespace, baseUrl, key, passphraseFd, passphraseFile,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var keyFile = environment.PathOf(parse.GetValue(key));
            char[] passphrase = [];
            if (keyFile is not null)
            {
                passphrase = Passphrase.Read(environment, parse.GetValue(passphraseFd), parse.GetValue(passphraseFile),
                    $"Passphrase for {await run.Work.Integrity.KeyFingerprintAsync(keyFile, cancellation)}: ");
            }
            try
            {
                var issued = await run.Work.Advisories.IssueAsync(new AdvisoryRequest
                {
                    Product = parse.GetValue(product)!,
                    Release = parse.GetValue(release),
                    Cves = parse.GetValue(cves) ?? [],
                    Vex = parse.GetValue(vex),
                    Draft = parse.GetValue(draft),
                    Directory = environment.PathOf(parse.GetValue(output))!,
                    Id = parse.GetValue(id),
                    PublisherName = parse.GetValue(publisher),
                    PublisherNamespace = parse.GetValue(publisherNamespace),
                    BaseUrl = parse.GetValue(baseUrl),
                    KeyFile = keyFile,
                    Passphrase = passphrase,
                }, cancellation);
                run.Notice($"wrote {issued.Document}: {issued.Tracking.Id} version {issued.Tracking.Version}, {issued.Vulnerabilities} vulnerabilities"
                    + (issued.SignedBy is { } signer ? $", signed by {signer}" : ", not signed (give --key for a trusted provider)"));
            }
            finally
            {
                Array.Clear(passphrase);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
