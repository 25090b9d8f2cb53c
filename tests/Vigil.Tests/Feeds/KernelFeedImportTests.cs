using Vigil.Common;
using Vigil.Feeds.Kernel;
using Vigil.Tests.Support;

namespace Vigil.Tests.Feeds;

public sealed class KernelFeedImportTests : IDisposable
{
    private readonly TempDirectory work = new();

    public void Dispose() => work.Dispose();

    private KernelFeedService Service => new(new DataDirectory(Path.Combine(work.Path, "data")), Vigil.Tests.Support.Downloaders.New(), TimeProvider.System);

    /// <summary>A copy of the fixture tree that a test may damage.</summary>
    private string CopyOfFixture() => work.CopyTree(KernelFixture.Root, "vulns");

    [Fact]
    public void Imports_published_records_with_their_dyads_and_remembers_rejected_ids()
    {
        var metadata = Service.ImportPath(KernelFixture.Root, SilentProgress.Instance);

        Assert.Equal(6, metadata.Entries);
        Assert.Equal(1, metadata.Rejected);
        using var feed = Service.Store.Open();
        Assert.Equal(["CVE-2021-47645", "CVE-2022-50518", "CVE-2023-52920", "CVE-2024-26581", "CVE-2024-38635", "CVE-2025-40039"], feed.Ids.Select(id => id.Text));
        Assert.Contains(feed.Rejected, id => id.Text == "CVE-2024-26609");
        var details = feed.Details(3);
        Assert.Equal("netfilter: nft_set_rbtree: skip end interval element from gc", details.Title);
        Assert.Equal(7.8, details.Cvss!.BaseScore);
        Assert.Equal(["net/netfilter/nft_set_rbtree.c"], details.ProgramFiles);
        Assert.Contains("60c0c230c6f046da536d3df8b39a20b9a9fd6af0", feed.FixCommitsOf(3));
        Assert.StartsWith("In the Linux kernel, the following vulnerability has been resolved:", feed.DescriptionOf(3).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_records_read_back_and_judge_as_parsed()
    {
        Service.ImportPath(KernelFixture.Root, SilentProgress.Instance);
        using var feed = Service.Store.Open();
        string[] versions = ["2.6.24.5", "4.19.316", "5.10.200", "6.1.100", "6.4.8", "6.6.65", "6.9.3", "6.12.1", "6.8-rc3"];
        for (var i = 0; i < feed.Ids.Count; i++)
        {
            var parsed = KernelFixture.Record(feed.Ids[i].Text);
            var details = feed.Details(i);
            Assert.Equal(parsed.Title, details.Title);
            Assert.Equal(parsed.Cvss, details.Cvss);
            Assert.Equal(parsed.ProgramFiles, details.ProgramFiles);
            Assert.Equal(parsed.FixCommits(), feed.FixCommitsOf(i));
            var compiled = Vigil.Scanning.Kernel.KernelRule.Compile(parsed);
            foreach (var version in versions.Select(Vigil.Versions.KernelVersion.Parse))
            {
                Assert.Equal(compiled.Evaluate(version), Vigil.Scanning.Kernel.KernelScanner.RuleOf(feed, i).Evaluate(version));
            }
        }
    }

    [Fact]
    public void A_scan_judging_records_in_reused_buffers_gives_each_record_its_own_verdict()
    {
        Service.ImportPath(KernelFixture.Root, SilentProgress.Instance);
        using var feed = Service.Store.Open();
        var reader = new Vigil.Scanning.Kernel.KernelRuleReader(feed);
        string[] versions = ["4.19.316", "5.4.100", "5.10.200", "5.15.100", "6.1.100", "6.4.8", "6.6.20", "6.6.65", "6.12.1"];
        // Every record after every other, so each is decoded over a larger or smaller one left in the buffers.
        foreach (var version in versions.Select(Vigil.Versions.KernelVersion.Parse))
        {
            foreach (var i in Enumerable.Range(0, feed.Ids.Count).Concat(Enumerable.Range(0, feed.Ids.Count).Reverse()))
            {
                var alone = Vigil.Scanning.Kernel.KernelRule.Compile(KernelFixture.Record(feed.Ids[i].Text)).EvaluateUnlessNotAffected(version);
                Assert.Equal(alone, reader.EvaluateUnlessNotAffected(i, version));
            }
        }
    }

    [Fact]
    public void Records_far_apart_in_the_file_read_the_same_in_any_order()
    {
        // 300 records with 2 KB descriptions: their sections span several of the feed's 64 KiB read windows.
        var tree = CopyOfFixture();
        var template = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(tree, "cve/published/2024/CVE-2024-38635.json")))!;
        for (var n = 0; n < 300; n++)
        {
            var id = $"CVE-2024-{60000 + n}";
            template["cveMetadata"]!["cveId"] = id;
            template["containers"]!["cna"]!["title"] = $"record {n}";
            template["containers"]!["cna"]!["descriptions"]![0]!["value"] = $"description {n} " + new string('x', 2000);
            File.WriteAllText(Path.Combine(tree, $"cve/published/2024/{id}.json"), template.ToJsonString());
        }
        Service.ImportPath(tree, SilentProgress.Instance);
        using var feed = Service.Store.Open();
        var inOrder = Enumerable.Range(0, feed.Ids.Count).Select(i => (feed.Details(i).Title, feed.DescriptionOf(i).ToString(), feed.Record(i).Title)).ToArray();

        var backwards = Enumerable.Range(0, feed.Ids.Count).Reverse().Select(i => (feed.Details(i).Title, feed.DescriptionOf(i).ToString(), feed.Record(i).Title)).Reverse();

        Assert.Equal(inOrder, backwards);
        var first = Array.FindIndex(inOrder, r => r.Item1 == "record 0");
        Assert.Equal(("record 299", "description 299 " + new string('x', 2000)), (inOrder[first + 299].Item1, inOrder[first + 299].Item2));
    }

    [Fact]
    public void Randomly_damaged_store_never_crashes_a_reader()
    {
        Service.ImportPath(KernelFixture.Root, SilentProgress.Instance);
        var original = File.ReadAllBytes(Service.Store.FilePath);
        var random = new Random(31);
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
            File.WriteAllBytes(Service.Store.FilePath, bytes);
            try
            {
                using var feed = Service.Store.Open();
                for (var r = 0; r < feed.Ids.Count; r++)
                {
                    Vigil.Scanning.Kernel.KernelScanner.RuleOf(feed, r).Evaluate(Vigil.Versions.KernelVersion.Parse("6.6.65"));
                    feed.Details(r);
                    feed.DescriptionOf(r);
                    feed.Record(r);
                }
            }
            catch (VigilException)
            {
            }
        }
    }

    [Fact]
    public void A_cgit_style_tar_gz_snapshot_imports_the_same_data_as_the_tree()
    {
        var fromTree = Service.ImportPath(KernelFixture.Root, SilentProgress.Instance);
        var archive = KernelFixture.TarGz(KernelFixture.Root, Path.Combine(work.Path, "vulns-master.tar.gz"));

        var fromArchive = Service.ImportPath(archive, SilentProgress.Instance);

        Assert.Equal(fromTree.Sha256, fromArchive.Sha256);
        Assert.Equal(fromTree.Entries, fromArchive.Entries);
    }

    [Fact]
    public void The_stored_records_are_the_same_whatever_order_the_files_come_in()
    {
        Service.ImportPath(KernelFixture.Root, SilentProgress.Instance);
        var fromTree = StoredBody();
        Service.ImportPath(KernelFixture.TarGz(KernelFixture.Root, Path.Combine(work.Path, "in-order.tar.gz")), SilentProgress.Instance);
        var inPathOrder = StoredBody();

        Service.ImportPath(KernelFixture.TarGz(KernelFixture.Root, Path.Combine(work.Path, "reversed.tar.gz"), reversed: true), SilentProgress.Instance);

        Assert.Equal(fromTree, inPathOrder);
        Assert.Equal(fromTree, StoredBody());
    }

    [Fact]
    public void A_tree_read_on_several_threads_stores_what_the_same_files_read_in_order_store()
    {
        var tree = CopyOfFixture();
        var directory = Path.Combine(tree, "cve/published/2030");
        Directory.CreateDirectory(directory);
        var json = File.ReadAllText(Path.Combine(tree, "cve/published/2024/CVE-2024-26581.json"));
        var dyad = File.ReadAllText(Path.Combine(tree, "cve/published/2024/CVE-2024-26581.dyad"));
        for (var number = 1000; number < 1700; number++)
        {
            File.WriteAllText(Path.Combine(directory, $"CVE-2030-{number}.json"), json.Replace("CVE-2024-26581", $"CVE-2030-{number}", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(directory, $"CVE-2030-{number}.dyad"), dyad);
        }
        Service.ImportPath(KernelFixture.TarGz(tree, Path.Combine(work.Path, "in-order.tar.gz")), SilentProgress.Instance);
        var inOrder = StoredBody();

        var metadata = Service.ImportPath(tree, SilentProgress.Instance);

        Assert.Equal(706, metadata.Entries);
        Assert.Equal(inOrder, StoredBody());
    }

    [Fact]
    public void Of_several_broken_records_the_import_names_the_first_by_name()
    {
        var tree = CopyOfFixture();
        File.WriteAllText(Path.Combine(tree, "cve/published/2024/CVE-2024-38635.json"), "{");
        File.WriteAllText(Path.Combine(tree, "cve/published/2023/CVE-2023-52920.json"), "[");

        var error = Assert.Throws<VigilException>(() => Service.ImportPath(tree, SilentProgress.Instance));

        Assert.Equal("cve/published/2023/CVE-2023-52920.json: line 1: invalid JSON", error.Message);
    }

    [Fact]
    public void An_import_leaves_only_the_feed_in_the_feeds_directory()
    {
        Service.ImportPath(KernelFixture.Root, SilentProgress.Instance);
        var tree = CopyOfFixture();
        File.WriteAllText(Path.Combine(tree, "cve/published/2024/CVE-2024-38635.json"), "{");
        Assert.Throws<VigilException>(() => Service.ImportPath(tree, SilentProgress.Instance));

        Assert.Equal(["kernel-cna.vdb"], Directory.GetFiles(Path.GetDirectoryName(Service.Store.FilePath)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_dyad_without_its_record_is_not_read()
    {
        var tree = CopyOfFixture();
        File.WriteAllText(Path.Combine(tree, "cve/published/2024/CVE-2024-99998.dyad"), "not a dyad\n");

        var metadata = Service.ImportPath(tree, SilentProgress.Instance);

        Assert.Equal(6, metadata.Entries);
    }

    /// <summary>The stored feed up to its metadata, which names the source and the time of the import.</summary>
    private byte[] StoredBody()
    {
        var file = File.ReadAllBytes(Service.Store.FilePath);
        var metadataOffset = BitConverter.ToInt64(file, file.Length - 16);
        return file[..(int)metadataOffset];
    }

    [Fact]
    public void A_directory_that_is_not_vulns_git_is_refused()
    {
        var error = Assert.Throws<VigilException>(() => Service.ImportPath(work.Path, SilentProgress.Instance));
        Assert.Contains("is not a vulns.git clone or snapshot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_record_fails_the_import_naming_the_file_and_keeps_the_stored_feed()
    {
        Service.ImportPath(KernelFixture.Root, SilentProgress.Instance);
        var before = File.ReadAllBytes(Service.Store.FilePath);
        var tree = CopyOfFixture();
        File.WriteAllText(Path.Combine(tree, "cve/published/2024/CVE-2024-38635.json"), """{"cveMetadata":{"cveId":"CVE-2024-38635"},"containers":{"cna":{"affected":[{"versions":[{"version":"6.1","status":"maybe"}]}]}}}""");

        var error = Assert.Throws<VigilException>(() => Service.ImportPath(tree, SilentProgress.Instance));

        Assert.Equal("cve/published/2024/CVE-2024-38635.json: CVE-2024-38635: expected status affected, unaffected or unknown, found 'maybe'", error.Message);
        Assert.Equal(before, File.ReadAllBytes(Service.Store.FilePath));
    }

    [Fact]
    public void A_malformed_dyad_line_is_an_error_naming_file_and_line()
    {
        var tree = CopyOfFixture();
        File.AppendAllText(Path.Combine(tree, "cve/published/2024/CVE-2024-26581.dyad"), "6.9:notacommit\n");

        var error = Assert.Throws<VigilException>(() => Service.ImportPath(tree, SilentProgress.Instance));

        Assert.StartsWith("cve/published/2024/CVE-2024-26581.dyad:12: expected 'introducedVersion:commit:fixedVersion:commit'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_filed_under_another_id_is_refused()
    {
        var tree = CopyOfFixture();
        File.Copy(Path.Combine(tree, "cve/published/2024/CVE-2024-26581.json"), Path.Combine(tree, "cve/published/2024/CVE-2024-99999.json"));

        var error = Assert.Throws<VigilException>(() => Service.ImportPath(tree, SilentProgress.Instance));

        Assert.Equal("cve/published/2024/CVE-2024-99999.json: holds CVE-2024-26581, not CVE-2024-99999", error.Message);
    }

    [Fact]
    public void A_record_with_anything_after_its_json_object_is_refused_naming_the_file()
    {
        var json = File.ReadAllBytes(Path.Combine(KernelFixture.Root, "cve", "published", "2024", "CVE-2024-26581.json"));

        var error = Assert.Throws<VigilException>(() => KernelCveParser.Parse((byte[])[.. json, .. "\n{}"u8], "CVE-2024-26581.json", []));

        Assert.Matches("^CVE-2024-26581.json: line [0-9]+: invalid JSON$", error.Message);
    }

    [Fact]
    public void Truncated_and_corrupted_records_parse_or_fail_cleanly()
    {
        var original = File.ReadAllBytes(Path.Combine(KernelFixture.Root, "cve/published/2024/CVE-2024-26581.json"));
        var random = new Random(17);
        for (var length = 0; length < original.Length; length += 97)
        {
            AssertParsesOrFailsCleanly(original[..length]);
        }
        for (var i = 0; i < 1500; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var j = 0; j < 1 + random.Next(6); j++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            AssertParsesOrFailsCleanly(bytes);
        }
        AssertParsesOrFailsCleanly(new byte[KernelCveParser.MaxRecordBytes + 1]);
        AssertParsesOrFailsCleanly(KernelFixture.Utf8(new string('[', 100_000)));
    }

    [Fact]
    public void Random_dyad_text_parses_or_fails_cleanly()
    {
        var random = new Random(23);
        const string alphabet = "0123456789abcdef.:#\n -";
        for (var i = 0; i < 3000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 120)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            try
            {
                KernelCveParser.ParseDyad(text, "x.dyad");
            }
            catch (VigilException e)
            {
                Assert.StartsWith("x.dyad:", e.Message, StringComparison.Ordinal);
            }
        }
    }

    private static void AssertParsesOrFailsCleanly(byte[] json)
    {
        try
        {
            KernelCveParser.Parse(json, "r.json", []);
        }
        catch (VigilException e)
        {
            Assert.StartsWith("r.json: ", e.Message, StringComparison.Ordinal);
        }
    }
}
