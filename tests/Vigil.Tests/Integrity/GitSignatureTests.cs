using Vigil.Tests.Support;

namespace Vigil.Tests.Integrity;

/// <summary>Signed git tags and commits made by the real git and gpg, checked by Vigil against a keyring.</summary>
public sealed class GitSignatureTests : IDisposable
{
    private readonly TempDirectory home = new();
    private readonly Gpg gpg;
    private readonly GitRepo repo;
    private readonly string fingerprint;

    public GitSignatureTests()
    {
        gpg = new Gpg(Path.Combine(home.Path, "g"));
        fingerprint = gpg.GenerateKey("CIP Kernel Team <cip@example.org>", "");
        repo = new GitRepo(Path.Combine(home.Path, "linux-cip"), gpg.Home);
        repo.Commit("Linux 6.1.119");
        repo.Git("config", "user.signingkey", fingerprint);
    }

    public void Dispose()
    {
        gpg.Dispose();
        home.Dispose();
    }

    private string Keyring(string userId)
    {
        var path = Path.Combine(home.Path, $"{Guid.NewGuid():N}.asc");
        File.WriteAllText(path, gpg.Run("--armor", "--export", userId).Out);
        return path;
    }

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", Path.Combine(home.Path, "data")]);

    [Fact]
    public async Task A_signed_tag_verifies_like_git_tag_v()
    {
        repo.Git("tag", "-s", "v6.1.119-cip33", "-m", "Linux 6.1.119-cip33");
        repo.Git("tag", "-v", "v6.1.119-cip33"); // git itself agrees the tag is signed and good

        var result = await Vigil("release", "verify-git", "v6.1.119-cip33", "--git-repo", repo.Path, "--keyring", Keyring("cip@example.org"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"tag v6.1.119-cip33", result.Out, StringComparison.Ordinal);
        Assert.Contains($"good signature by CIP Kernel Team <cip@example.org> ({fingerprint})", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_commit_verifies_like_git_verify_commit()
    {
        repo.Git("commit", "-q", "--allow-empty", "-S", "-m", "net: fix a CVE");

        var result = await Vigil("release", "verify-git", "HEAD", "--git-repo", repo.Path, "--keyring", Keyring("cip@example.org"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("commit HEAD", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_signed_by_a_key_outside_the_keyring_is_refused()
    {
        repo.Git("tag", "-s", "v6.1.120-cip34", "-m", "Linux 6.1.120-cip34");
        gpg.GenerateKey("Someone Else <else@example.org>", "");

        var result = await Vigil("release", "verify-git", "v6.1.120-cip34", "--git-repo", repo.Path, "--keyring", Keyring("else@example.org"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the signer is unknown", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_tags_and_commits_say_so()
    {
        repo.Git("tag", "-a", "v6.1.121-cip35", "-m", "not signed");

        var tag = await Vigil("release", "verify-git", "v6.1.121-cip35", "--git-repo", repo.Path, "--keyring", Keyring("cip@example.org"));
        var commit = await Vigil("release", "verify-git", "HEAD", "--git-repo", repo.Path, "--keyring", Keyring("cip@example.org"));

        Assert.Equal("vigil: error: tag v6.1.121-cip35 in " + repo.Path + " is not signed\n", tag.Error);
        Assert.Contains("is not signed", commit.Error, StringComparison.Ordinal);
        Assert.Equal(1, commit.ExitCode);
    }
}
