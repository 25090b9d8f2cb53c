using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary><c>vigil user password</c>: a local password for the web UI, never from argv, stored only as a hash.</summary>
public sealed class UserPasswordTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(IDictionary<string, string>? variables, params string[] args) =>
        CliRunner.RunAsync(variables, home.Path, [.. args, "--data-dir", home.File("data")]);

    private string PasswordFile(string text, UnixFileMode mode)
    {
        var file = home.File("password");
        File.WriteAllText(file, text + "\n");
        File.SetUnixFileMode(file, mode);
        return file;
    }

    [Fact]
    public async Task A_password_from_a_private_file_is_stored_as_a_hash_and_audited_without_it()
    {
        Assert.Equal(0, (await Vigil(null, "user", "add", "alice", "--role", "security-manager")).ExitCode);

        var set = await Vigil(null, "user", "password", "alice", "--password-file", PasswordFile(Password, UnixFileMode.UserRead | UnixFileMode.UserWrite));
        var audit = await Vigil(null, "audit", "list", "--format", "json");

        Assert.Equal(0, set.ExitCode);
        Assert.Contains("set the local password of alice", set.Error, StringComparison.Ordinal);
        Assert.Contains("user.password", audit.Out, StringComparison.Ordinal);
        var stored = SqliteFile.Query(home.File("data/vigil.db"), "SELECT password_hash FROM users WHERE name = 'alice'");
        Assert.StartsWith("AQAAAA", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, audit.Out + stored, StringComparison.Ordinal);
        Assert.DoesNotContain(stored, audit.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_password_is_refused_in_one_line_and_nothing_is_stored()
    {
        Assert.Equal(0, (await Vigil(null, "user", "add", "alice", "--role", "tester")).ExitCode);

        var refused = await Vigil(new Dictionary<string, string> { ["VIGIL_PASSWORD"] = "short pass" }, "user", "password", "alice");

        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.Error.Trim().Split('\n'));
        Assert.Contains("12 to 256 characters", refused.Error, StringComparison.Ordinal);
        Assert.Equal("", SqliteFile.Query(home.File("data/vigil.db"), "SELECT coalesce(password_hash, '') FROM users WHERE name = 'alice'"));
    }

    [Fact]
    public async Task A_password_file_others_can_read_is_refused()
    {
        Assert.Equal(0, (await Vigil(null, "user", "add", "alice", "--role", "tester")).ExitCode);

        var refused = await Vigil(null, "user", "password", "alice", "--password-file", PasswordFile(Password, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("readable by group or others", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_terminal_or_a_source_it_says_where_a_password_may_come_from()
    {
        Assert.Equal(0, (await Vigil(null, "user", "add", "alice", "--role", "tester")).ExitCode);

        var refused = await Vigil(null, "user", "password", "alice");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("give it with --password-fd N, --password-file FILE or VIGIL_PASSWORD (never on the command line)", refused.Error, StringComparison.Ordinal);
    }
}
