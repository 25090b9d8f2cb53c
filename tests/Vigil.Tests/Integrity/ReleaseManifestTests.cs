using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Integrity;

public sealed class ReleaseManifestTests : IDisposable
{
    private readonly TempDirectory home = new();

    public ReleaseManifestTests()
    {
        Release = Path.Combine(home.Path, "release");
        home.Write("release/cip-core-image.wic", "disk image bytes");
        home.Write("release/boot/vmlinuz-6.1.119-cip33", "kernel");
        home.Write("release/docs/README with spaces.txt", "read me");
        home.Write("release/odd\\name.txt", "a backslash in the name");
    }

    private string Release { get; }

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", Path.Combine(home.Path, "data")]);

    [Fact]
    public async Task Manifest_is_accepted_by_sha256sum_check_strict()
    {
        var result = await Vigil("release", "manifest", Release);

        Assert.True(result.ExitCode == 0, result.Error);
        var check = Tool.Run(Release, "sha256sum", "-c", "--strict", "SHA256SUMS");
        Assert.True(check.ExitCode == 0, check.Out + check.Error);
        Assert.Contains("boot/vmlinuz-6.1.119-cip33: OK", check.Out, StringComparison.Ordinal);
        Assert.Contains("docs/README with spaces.txt: OK", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_lines_are_sorted_relative_and_binary_mode()
    {
        await Vigil("release", "manifest", Release);

        var lines = File.ReadAllLines(Path.Combine(Release, "SHA256SUMS"));
        Assert.Equal(["boot/vmlinuz-6.1.119-cip33", "cip-core-image.wic", "docs/README with spaces.txt", "odd\\\\name.txt"], lines.Select(l => l.TrimStart('\\')[66..]));
        Assert.All(lines, l => Assert.Equal('*', l.TrimStart('\\')[65]));
        Assert.StartsWith("\\", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sha512_manifest_is_accepted_by_sha512sum()
    {
        await Vigil("release", "manifest", Release, "--sha512");

        var check = Tool.Run(Release, "sha512sum", "-c", "--strict", "SHA512SUMS");
        Assert.True(check.ExitCode == 0, check.Out + check.Error);
        Assert.Equal(0, (await Vigil("release", "verify", Release, "--manifest", Path.Combine(Release, "SHA512SUMS"))).ExitCode);
    }

    [Fact]
    public async Task A_manifest_made_by_sha256sum_verifies_in_vigil()
    {
        File.Delete(Path.Combine(Release, "odd\\name.txt"));
        var made = Tool.Run(Release, "sha256sum", "-b", "cip-core-image.wic", "boot/vmlinuz-6.1.119-cip33", "docs/README with spaces.txt");
        File.WriteAllText(Path.Combine(Release, "SHA256SUMS"), made.Out);

        var result = await Vigil("release", "verify", Release, "--manifest", Path.Combine(Release, "SHA256SUMS"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("OK: 3 files match SHA256SUMS", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_extra_and_changed_files_are_each_named_and_fail_the_check()
    {
        await Vigil("release", "manifest", Release);
        File.Delete(Path.Combine(Release, "boot/vmlinuz-6.1.119-cip33"));
        File.AppendAllText(Path.Combine(Release, "cip-core-image.wic"), "tampered");
        home.Write("release/planted.sh", "echo hi");

        var result = await Vigil("release", "verify", Release, "--manifest", Path.Combine(Release, "SHA256SUMS"), "--format", "json");

        Assert.Equal(1, result.ExitCode);
        var report = JsonDocument.Parse(result.Out).RootElement;
        Assert.False(report.GetProperty("holds").GetBoolean());
        Assert.Equal(["boot/vmlinuz-6.1.119-cip33"], report.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["cip-core-image.wic"], report.GetProperty("changed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["planted.sh"], report.GetProperty("extra").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Recorded_git_commit_must_match_the_repository()
    {
        var repo = new GitRepo(Path.Combine(home.Path, "src"));
        var commit = repo.Commit("release 2026.1");
        repo.Tag("v2026.1");
        await Vigil("release", "manifest", Release, "--git-repo", repo.Path, "--tag", "v2026.1");
        var header = JsonDocument.Parse(File.ReadAllText(Path.Combine(Release, "SHA256SUMS.json"))).RootElement;

        var same = await Vigil("release", "verify", Release, "--manifest", Path.Combine(Release, "SHA256SUMS"), "--git-repo", repo.Path);
        repo.Git("tag", "-f", "v2026.1", repo.Commit("moved the tag"));
        var moved = await Vigil("release", "verify", Release, "--manifest", Path.Combine(Release, "SHA256SUMS"), "--git-repo", repo.Path);

        Assert.Equal(commit, header.GetProperty("gitCommit").GetString());
        Assert.Equal("v2026.1", header.GetProperty("gitTag").GetString());
        Assert.Equal(0, same.ExitCode);
        Assert.Equal(1, moved.ExitCode);
        Assert.Contains($"GIT      the manifest records commit {commit} (v2026.1)", moved.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a manifest line\n", 1, "expected '<64 hex digits> *<path>'")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef *../../etc/passwd\n", 1, "must be relative and stay inside the directory")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef *a\n\n0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef *b\n", 2, "expected '<64 hex digits> *<path>'")]
    public async Task Malformed_manifest_names_file_and_line(string manifest, int line, string message)
    {
        var path = home.Write("SHA256SUMS", manifest);

        var result = await Vigil("release", "verify", Release, "--manifest", path);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"vigil: error: {path}:{line}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_file_is_hashed_in_pieces_like_sha256sum_does()
    {
        var big = Path.Combine(Release, "big.img");
        using (var file = File.Create(big))
        {
            file.SetLength(300L << 20);
            file.Seek(123_456_789, SeekOrigin.Begin);
            file.WriteByte(0x42);
        }

        await Vigil("release", "manifest", Release);

        var line = File.ReadAllLines(Path.Combine(Release, "SHA256SUMS")).Single(l => l.EndsWith("*big.img", StringComparison.Ordinal));
        var oracle = Tool.Run(Release, "sha256sum", "big.img").Out.Split(' ')[0];
        Assert.Equal(oracle, line[..64]);
    }
}
