using System.Diagnostics;
using System.Text;
using LibGit2Sharp;
using Vigil.Common;

namespace Vigil.Integrity;

/// <summary>
/// `git tag -v` / `git verify-commit` semantics against a keyring of Vigil's choosing: the OpenPGP signature of a
/// signed tag (the tag object's text before its signature block) or of a commit (its gpgsig header) must be good,
/// by a valid key in the keyring. This is how kernel and CIP releases are signed.
/// </summary>
public static class GitSignatures
{
    public sealed record GitSignatureCheck(string Reference, string Kind, string Object, SignatureCheck Signature);

    public static GitSignatureCheck Verify(string repositoryPath, string reference, Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKeyRingBundle keyring, DateTimeOffset now)
    {
        using (var repository = GitRepositories.Open(repositoryPath))
        {
            if (repository.Tags[reference] is { IsAnnotated: true } tag)
            {
                // libgit2 hands out parsed tags only; git itself gives the exact bytes that were signed.
                var raw = Git(repositoryPath, "cat-file", "tag", tag.Annotation.Sha);
                var at = raw.IndexOf("-----BEGIN PGP SIGNATURE-----", StringComparison.Ordinal);
                if (at < 0)
                {
                    throw new VigilException($"tag {reference} in {repositoryPath} is not signed");
                }
                return new GitSignatureCheck(reference, "tag", tag.Annotation.Sha, Check(raw[..at], raw[at..], $"tag {reference}", keyring, now));
            }
            var commit = repository.Lookup(reference)?.Peel<Commit>()
                ?? throw new VigilException($"'{reference}' is neither a tag nor a commit in {repositoryPath}");
            SignatureInfo signed;
            try
            {
                signed = Commit.ExtractSignature(repository, commit.Id);
            }
            catch (NotFoundException)
            {
                throw new VigilException($"commit {commit.Sha} ({reference}) in {repositoryPath} is not signed");
            }
            return new GitSignatureCheck(reference, "commit", commit.Sha, Check(signed.SignedData, signed.Signature, $"commit {commit.Sha}", keyring, now));
        }
    }

    private static SignatureCheck Check(string signedText, string armoredSignature, string name, Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKeyRingBundle keyring, DateTimeOffset now)
    {
        using var data = new MemoryStream(Encoding.UTF8.GetBytes(signedText), writable: false);
        using var signature = new MemoryStream(Encoding.ASCII.GetBytes(armoredSignature), writable: false);
        return OpenPgpSignatures.Verify(data, signature, name, keyring, now);
    }

    private static string Git(string repository, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : throw new VigilException($"git {string.Join(' ', args)} failed in {repository}: {error.Split('\n')[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new VigilException("verifying signed tags needs the git command; install git", e);
        }
    }
}
