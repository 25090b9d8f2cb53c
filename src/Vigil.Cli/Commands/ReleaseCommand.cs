using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Application;
using Vigil.Integrity;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil release manifest|verify</c>: checksum manifests for release directories (SM-6).</summary>
public static class ReleaseCommand
{
    public static Command Build(GlobalOptions globals, CliEnvironment environment)
    {
        var release = new Command("release", "Release integrity: checksum manifests that sha256sum accepts, and checking a release against one");
        release.Subcommands.Add(BuildManifest(globals, environment));
        release.Subcommands.Add(BuildVerify(globals, environment));
        release.Subcommands.Add(BuildVerifyGit(globals, environment));
        return release;
    }

    private static Command BuildVerifyGit(GlobalOptions globals, CliEnvironment environment)
    {
        var reference = new Argument<string>("REF") { Description = "A signed tag (e.g. v6.1.119-cip33) or a signed commit" };
        var repository = new Option<string>("--git-repo") { Description = "The repository", HelpName = "DIR", DefaultValueFactory = _ => "." };
        var keyring = new Option<string>("--keyring") { Description = "The public keys the signature must come from (not gpg's own keyring)", HelpName = "FILE", Required = true };
        var command = new Command("verify-git", "Check the OpenPGP signature of a git tag or commit against a keyring (git tag -v / git verify-commit semantics); exit 0 only for a good signature by a valid key")
        {
            reference, repository, keyring,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var check = await run.Work.Integrity.VerifyGitSignatureAsync(environment.PathOf(parse.GetValue(repository)!), parse.GetValue(reference)!,
                environment.PathOf(parse.GetValue(keyring)!), cancellation);
            environment.Out.WriteLine($"{check.Kind} {check.Reference} ({check.Object[..12]}): {check.Signature.Message}");
            return check.Signature.IsGood ? ExitCodes.Success : ExitCodes.Error;
        });
        return command;
    }

    private static Option<bool> Sha512Option() => new("--sha512") { Description = "SHA-512 (SHA512SUMS) instead of SHA-256 (SHA256SUMS)" };

    private static Command BuildManifest(GlobalOptions globals, CliEnvironment environment)
    {
        var directory = new Argument<string>("DIR") { Description = "The release directory; every file below it is listed" };
        var output = new Option<string?>("--out") { Description = "Where to write the manifest [default: DIR/SHA256SUMS or DIR/SHA512SUMS]; a header with the same name plus .json goes beside it", HelpName = "FILE" };
        var sha512 = Sha512Option();
        var gitRepo = new Option<string?>("--git-repo") { Description = "Record the commit the release was built from (HEAD, or --tag's)", HelpName = "DIR" };
        var tag = new Option<string?>("--tag") { Description = "Record this tag and its commit", HelpName = "TAG" };
        var command = new Command("manifest",
            """
            Write a sha256sum-compatible manifest of a release directory: sorted, relative paths, binary mode
            marker. Users check it with 'sha256sum -c --strict SHA256SUMS' or 'vigil release verify'.
            """)
        {
            directory, output, sha512, gitRepo, tag,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var dir = Path.GetFullPath(environment.PathOf(parse.GetValue(directory)!));
            var algorithm = parse.GetValue(sha512) ? ManifestAlgorithm.Sha512 : ManifestAlgorithm.Sha256;
            var (path, header) = await run.Work.Integrity.WriteManifestAsync(dir, environment.PathOf(parse.GetValue(output)), algorithm, environment.PathOf(parse.GetValue(gitRepo)), parse.GetValue(tag), cancellation);
            run.Notice($"{path}: {header.Files} files, {header.Bytes} bytes{(header.GitCommit is null ? "" : $", commit {header.GitCommit}{(header.GitTag is null ? "" : $" ({header.GitTag})")}")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command BuildVerify(GlobalOptions globals, CliEnvironment environment)
    {
        var directory = new Argument<string>("DIR") { Description = "The release directory as downloaded" };
        var manifest = new Option<string>("--manifest") { Description = "The manifest (SHA256SUMS or SHA512SUMS; the algorithm follows the digest length), plain or clearsigned", HelpName = "FILE", Required = true };
        var gitRepo = new Option<string?>("--git-repo") { Description = "Also check that this repository's HEAD (or the recorded tag) is the recorded commit", HelpName = "DIR" };
        var signature = new Option<string?>("--signature") { Description = "The manifest's detached OpenPGP signature (e.g. SHA256SUMS.asc)", HelpName = "FILE" };
        var keyring = new Option<string?>("--keyring") { Description = "Public keys the signature (or a clearsigned manifest's) must come from", HelpName = "FILE" };
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("verify",
            """
            Check every file of a release against its manifest: missing, extra and changed files are each named,
            and so is anything that is not a regular file (a symbolic link, a FIFO), which is never followed or read.
            Exit code 0 only if everything holds, 1 otherwise. Large files are read in 1 MiB pieces.
            """)
        {
            directory, manifest, gitRepo, signature, keyring, format,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(signature) is not null && result.GetResult(keyring) is null)
            {
                result.AddError("--signature needs --keyring: the keys the signature must come from");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            using var run = globals.Resolve(parse, environment);
            var path = environment.PathOf(parse.GetValue(manifest)!);
            var outcome = await run.Work.Integrity.VerifyReleaseAsync(new ReleaseVerifyRequest(Path.GetFullPath(environment.PathOf(parse.GetValue(directory)!)), path,
                environment.PathOf(parse.GetValue(gitRepo)), environment.PathOf(parse.GetValue(signature)), environment.PathOf(parse.GetValue(keyring))), cancellation);
            var (result, signatureCheck, holds) = (outcome.Files, outcome.Signature, outcome.Holds);
            if (parse.GetValue(format) == "json")
            {
                ReportWriter.WriteUtf8(run, null, stream => Contracts.ContractJson.Write(stream,
                    new Contracts.ReleaseVerifyReport(holds, signatureCheck?.Message, result.Checked, result.Missing, result.Extra, result.Changed,
                        [.. result.Special.Select(s => s.ToString())], result.GitProblem),
                    Contracts.ContractJson.Default.ReleaseVerifyReport));
            }
            else
            {
                foreach (var file in result.Missing)
                {
                    environment.Out.WriteLine($"MISSING  {file}");
                }
                foreach (var file in result.Changed)
                {
                    environment.Out.WriteLine($"CHANGED  {file}");
                }
                foreach (var file in result.Extra)
                {
                    environment.Out.WriteLine($"EXTRA    {file}");
                }
                foreach (var entry in result.Special)
                {
                    environment.Out.WriteLine($"SPECIAL  {entry}");
                }
                if (result.GitProblem is { } problem)
                {
                    environment.Out.WriteLine($"GIT      {problem}");
                }
                if (signatureCheck is not null)
                {
                    environment.Out.WriteLine($"{(signatureCheck.IsGood ? "SIG      " : "BADSIG   ")}{signatureCheck.Message}");
                }
                environment.Out.WriteLine(holds
                    ? $"OK: {result.Checked} files match {Path.GetFileName(path)}"
                    : $"FAILED: {result.Missing.Count} missing, {result.Changed.Count} changed, {result.Extra.Count} extra{(result.Special.Count > 0 ? $", {result.Special.Count} not regular files" : "")}{(result.GitProblem is null ? "" : ", git commit differs")}{(signatureCheck is { IsGood: false } ? ", signature not good" : "")}");
            }
            return holds ? ExitCodes.Success : ExitCodes.Error;
        });
        return command;
    }
}
