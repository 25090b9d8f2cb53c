using Vigil.Tests.Support;

namespace Vigil.Tests.Audit;

/// <summary>
/// Every change is appended to a hash chain in its own transaction; <c>vigil audit verify</c> names the first entry
/// that was altered, removed or inserted, and an anchor catches a log cut short.
/// </summary>
public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    private Task<CliResult> Vigil(params string[] args) => CliRunner.RunAsync(null, home.Path, [.. args, "--data-dir", home.File("data")]);

    private async Task MakeChanges()
    {
        Assert.Equal(0, (await Vigil("feeds", "import", "debian", Fixture.Path("tracker-excerpt.json"))).ExitCode);
        Assert.Equal(0, (await Vigil("product", "add", "gateway", "--release", "1", "--dpkg-status", Fixture.Path("status-bookworm-excerpt"), "--debian-release", "bookworm")).ExitCode);
        Assert.Equal(0, (await Vigil("scan", "--product", "gateway", "--quiet")).ExitCode);
        Assert.Equal(0, (await Vigil("triage", "set", "--product", "gateway", "--cve", "CVE-2025-4802", "--component", "glibc", "--state", "in_triage", "--author", "alice")).ExitCode);
        Assert.Equal(0, (await Vigil("user", "add", "bob", "--role", "reviewer")).ExitCode);
    }

    private void Execute(string sql) => SqliteFile.Execute(home.File("data/vigil.db"), sql);

    [Fact]
    public async Task Every_change_is_recorded_with_who_and_what_and_the_chain_holds()
    {
        await MakeChanges();

        var list = await Vigil("audit", "list");
        var verify = await Vigil("audit", "verify");

        var actions = list.Out.TrimEnd('\n').Split('\n').Select(l => l.Split('\t')[4]).ToArray();
        Assert.Equal(["product.add", "release.add", "scan.record", "triage.decide", "user.add", "token.issue"], actions);
        Assert.All(list.Out.TrimEnd('\n').Split('\n'), l => Assert.StartsWith("cli:", l.Split('\t')[2], StringComparison.Ordinal));
        Assert.Equal(0, verify.ExitCode);
        Assert.Matches("^6:[0-9a-f]{64}\n$", verify.Out);
    }

    [Fact]
    public async Task An_altered_entry_is_named()
    {
        await MakeChanges();

        Execute("UPDATE audit_log SET subject = 'nothing happened' WHERE sequence = 4");
        var verify = await Vigil("audit", "verify");

        Assert.Equal(1, verify.ExitCode);
        Assert.Equal("vigil: audit log broken at entry 4: entry 4 was altered: its content no longer matches its hash (3 entries before it hold)\n", verify.Error);
    }

    [Fact]
    public async Task A_removed_entry_is_named()
    {
        await MakeChanges();

        Execute("DELETE FROM audit_log WHERE sequence = 3");
        var verify = await Vigil("audit", "verify");

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("broken at entry 3: entry 3 is missing (removed)", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_cut_short_holds_in_itself_but_not_against_its_anchor()
    {
        await MakeChanges();
        var anchor = (await Vigil("audit", "verify")).Out.Trim();

        // Whoever can write the database can drop the newest entries: what is left still holds in itself.
        Execute("DELETE FROM audit_log WHERE sequence >= 5");
        var plain = await Vigil("audit", "verify");
        var anchored = await Vigil("audit", "verify", "--anchor", anchor);

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(1, anchored.ExitCode);
        Assert.Contains("entry 6, anchored earlier, is gone (the log was truncated)", anchored.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anchors_file_catches_a_log_cut_short_after_any_of_its_anchors()
    {
        await MakeChanges();
        var anchors = home.File("anchors");
        var first = await Vigil("audit", "anchor", anchors);
        Assert.Equal(0, (await Vigil("user", "add", "carol", "--role", "tester")).ExitCode);
        var second = await Vigil("audit", "anchor", anchors);

        Execute("DELETE FROM audit_log WHERE sequence >= 7");
        var verify = await Vigil("audit", "verify", "--anchors", anchors);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Matches("^6:[0-9a-f]{64} 20[0-9-]{8}T[0-9:]{8}Z\n$", first.Out);
        Assert.Equal(2, File.ReadAllLines(anchors).Length);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("entry 8, anchored earlier, is gone (the log was truncated)", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_that_does_not_hold_is_not_anchored()
    {
        await MakeChanges();
        Execute("UPDATE audit_log SET actor = 'someone else' WHERE sequence = 2");

        var anchor = await Vigil("audit", "anchor", home.File("anchors"));

        Assert.Equal(1, anchor.ExitCode);
        Assert.Contains("entry 2 was altered", anchor.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(home.File("anchors")));
    }

    [Fact]
    public async Task A_damaged_anchors_file_is_refused_naming_its_line()
    {
        await MakeChanges();
        File.WriteAllText(home.File("anchors"), $"# anchors\n6:{new string('a', 64)}\n6:not-a-hash\n");

        var verify = await Vigil("audit", "verify", "--anchors", home.File("anchors"));

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"{home.File("anchors")}:3: expected SEQUENCE:HASH", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_holds_every_entry_in_order_with_its_hashes()
    {
        await MakeChanges();

        var export = await Vigil("audit", "export", "-o", home.File("audit.json"));
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(home.File("audit.json")));

        Assert.Equal(0, export.ExitCode);
        var entries = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal([1L, 2, 3, 4, 5, 6], entries.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.All(entries.Skip(1).Zip(entries), pair => Assert.Equal(pair.Second.GetProperty("hash").GetString(), pair.First.GetProperty("previousHash").GetString()));
    }

    [Fact]
    public async Task A_refused_change_leaves_no_audit_entry()
    {
        await MakeChanges();

        var again = await Vigil("user", "add", "bob", "--role", "tester");
        var verify = await Vigil("audit", "verify");

        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("6:", verify.Out, StringComparison.Ordinal);
    }
}
