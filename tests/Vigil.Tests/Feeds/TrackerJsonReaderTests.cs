using System.Text;
using Vigil.Common;
using Vigil.Feeds;
using Vigil.Feeds.Debian;
using Vigil.Tests.Support;

namespace Vigil.Tests.Feeds;

public class TrackerJsonReaderTests
{
    private static List<TrackerSourcePackage> ReadAll(Stream stream, out TrackerReadSummary summary)
    {
        var packages = new List<TrackerSourcePackage>();
        summary = TrackerJsonReader.Read(stream, "tracker.json", packages.Add);
        return packages;
    }

    private static List<TrackerSourcePackage> ReadAll(string json) =>
        ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(json)), out _);

    [Fact]
    public void Reads_packages_entries_and_release_verdicts_of_the_real_format()
    {
        var packages = ReadAll(File.OpenRead(Fixture.Path("tracker-excerpt.json")), out var summary);

        Assert.Equal(["bash", "curl", "glibc", "openssl", "util-linux"], packages.Select(p => p.Name));
        Assert.Equal(5, summary.SourcePackages);
        Assert.Equal(13, summary.Entries);
        Assert.Equal(["bookworm", "bullseye", "sid", "trixie"], summary.Releases);

        var entry = packages.Single(p => p.Name == "openssl").Entries.Single(e => e.Id.Text == "CVE-2025-9230");
        Assert.Equal("remote", entry.Scope);
        Assert.Equal(1117532, entry.DebianBug);
        var bookworm = entry.ForRelease("bookworm")!;
        Assert.Equal(TrackerStatus.Resolved, bookworm.Status);
        Assert.Equal("3.0.20-1~deb12u1", bookworm.FixedVersion!.Text);
        Assert.Equal("not yet assigned", bookworm.Urgency);

        var postponed = packages.Single(p => p.Name == "bash").Entries.Single(e => e.Id.Text == "CVE-2019-18276").ForRelease("bookworm")!;
        Assert.Equal(TrackerStatus.Open, postponed.Status);
        Assert.Equal("Minor issue", postponed.NoDsa);
        Assert.Equal("postponed", postponed.NoDsaReason);
    }

    [Fact]
    public void Summary_hashes_the_json_exactly_as_sha256sum_does()
    {
        var bytes = File.ReadAllBytes(Fixture.Path("tracker-excerpt.json"));
        ReadAll(new MemoryStream(bytes), out var summary);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), summary.Sha256);
        Assert.Equal(bytes.Length, summary.Bytes);
    }

    [Theory]
    [InlineData("tracker-excerpt.json.gz")]
    [InlineData("tracker-excerpt.json.xz")]
    [InlineData("tracker-excerpt.json.zst")]
    public void Compressed_copies_read_the_same_as_plain_json(string name)
    {
        using var plain = File.OpenRead(Fixture.Path("tracker-excerpt.json"));
        using var compressed = CompressedInput.Open(Fixture.Path(name), SilentProgress.Instance, "test");
        var expected = ReadAll(plain, out var plainSummary);
        var actual = ReadAll(compressed, out var compressedSummary);
        Assert.Equal(plainSummary.Sha256, compressedSummary.Sha256);
        Assert.Equal(expected.Select(p => p.Entries.Count), actual.Select(p => p.Entries.Count));
    }

    [Fact]
    public void A_stream_that_delivers_one_byte_at_a_time_reads_the_same()
    {
        var bytes = File.ReadAllBytes(Fixture.Path("tracker-excerpt.json"));
        var packages = ReadAll(new TrickleStream(bytes), out var summary);
        Assert.Equal(13, packages.Sum(p => p.Entries.Count));
        Assert.Equal(13, summary.Entries);
    }

    [Fact]
    public void A_package_larger_than_the_read_buffer_is_read_whole()
    {
        var entries = string.Join(",", Enumerable.Range(0, 20_000).Select(i =>
            $"\"CVE-2024-{10000 + i}\":{{\"description\":\"{new string('d', 100)}\",\"scope\":\"remote\",\"releases\":{{\"bookworm\":{{\"status\":\"open\",\"urgency\":\"low\"}}}}}}"));
        var packages = ReadAll($"{{\"linux\":{{{entries}}},\"zlib\":{{}}}}");
        Assert.Equal(20_000, packages[0].Entries.Count);
        Assert.Equal("zlib", packages[1].Name);
    }

    [Fact]
    public void Packages_the_read_buffer_ends_inside_are_read_whole()
    {
        // 8,000 packages of different sizes (4 MB): the 1 MiB buffer ends inside a package, an entry, a release or a
        // skipped field, and each such package is read again once more input is in.
        string Package(int p) => $"\"pkg{p}\":{{" + string.Join(",", Enumerable.Range(0, 1 + p % 7).Select(e =>
            $"\"CVE-2024-{10000 + e}\":{{\"description\":\"{new string('d', p % 97)}\",\"extra\":[{p},{{\"x\":null}}],\"releases\":{{\"bookworm\":{{\"status\":\"resolved\",\"fixed_version\":\"1.{p}-{e}\",\"urgency\":\"low\"}}}}}}")) + "}";

        var packages = ReadAll("{" + string.Join(",", Enumerable.Range(0, 8000).Select(Package)) + "}");

        Assert.Equal(Enumerable.Range(0, 8000).Select(p => $"pkg{p}"), packages.Select(p => p.Name));
        Assert.Equal(Enumerable.Range(0, 8000).Select(p => 1 + p % 7), packages.Select(p => p.Entries.Count));
        Assert.All(packages, p => Assert.Equal($"1.{p.Name[3..]}-{p.Entries.Count - 1}", p.Entries[^1].Releases[0].FixedVersion!.ToString()));
    }

    [Fact]
    public void Unknown_fields_are_skipped_for_forward_compatibility()
    {
        var packages = ReadAll("""{"a":{"CVE-2024-1234":{"new":{"x":[1,2,{"y":null}]},"releases":{"bookworm":{"status":"open","extra":[true]}}}}}""");
        Assert.Single(packages[0].Entries);
    }

    [Theory]
    [InlineData("[]", "byte 0", "expected the top-level JSON object of source packages, found an array")]
    [InlineData("""{"a":[]}""", "(package 'a')", "expected an object of vulnerability ids, found an array")]
    [InlineData("""{"a":{"CVE-1":{}}}""", "(package 'a')", "expected a CVE-YYYY-NNNN or TEMP- id, found 'CVE-1'")]
    [InlineData("""{"a":{"CVE-2024-1234":{"releases":{"bookworm":{"status":"fixed"}}}}}""", "(package 'a', CVE-2024-1234, release bookworm)", "expected status open, resolved or undetermined, found 'fixed'")]
    [InlineData("""{"a":{"CVE-2024-1234":{"releases":{"bookworm":{"status":"resolved"}}}}}""", "(package 'a', CVE-2024-1234, release bookworm)", "a resolved entry needs a fixed_version")]
    [InlineData("""{"a":{"CVE-2024-1234":{"releases":{"bookworm":{"status":"resolved","fixed_version":"v1.0"}}}}}""", "release bookworm", "expected fixed_version to be a Debian version, found 'v1.0'")]
    [InlineData("""{"a":{"CVE-2024-1234":{"releases":{"bookworm":{"urgency":"low"}}}}}""", "release bookworm", "expected a status")]
    [InlineData("""{"a":{"CVE-2024-1234":{"description":42}}}""", "CVE-2024-1234", "expected description to be a string, found a number")]
    [InlineData("""{"a":{"CVE-2024-1234":{"debianbug":"x"}}}""", "CVE-2024-1234", "expected debianbug to be a bug number")]
    [InlineData("""{"a":{}} {}""", "byte 10", "invalid JSON")]
    public void Malformed_records_are_errors_naming_the_record_and_what_was_expected(string json, string where, string expected)
    {
        var error = Assert.Throws<VigilException>(() => ReadAll(json));
        Assert.StartsWith("tracker.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_syntax_names_the_position()
    {
        var error = Assert.Throws<VigilException>(() => ReadAll("{\n\"a\": {\"CVE-2024-1234\": nope}}"));
        Assert.StartsWith("tracker.json: line 2, byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_feed_is_an_error_not_a_shorter_feed()
    {
        var bytes = File.ReadAllBytes(Fixture.Path("tracker-excerpt.json"));
        for (var length = 0; length < bytes.Length; length += 13)
        {
            var error = Assert.Throws<VigilException>(() => ReadAll(new MemoryStream(bytes, 0, length), out _));
            Assert.StartsWith("tracker.json: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Random_corruption_either_reads_or_fails_cleanly()
    {
        var original = File.ReadAllBytes(Fixture.Path("tracker-excerpt.json"));
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var j = 0; j < 1 + random.Next(8); j++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            try
            {
                ReadAll(new MemoryStream(bytes), out _);
            }
            catch (VigilException e)
            {
                Assert.StartsWith("tracker.json: ", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Corrupt_compressed_input_fails_cleanly()
    {
        var random = new Random(3);
        foreach (var name in new[] { "tracker-excerpt.json.gz", "tracker-excerpt.json.xz", "tracker-excerpt.json.zst" })
        {
            var bytes = File.ReadAllBytes(Fixture.Path(name));
            for (var i = 0; i < 200; i++)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[8 + random.Next(damaged.Length - 8)] ^= (byte)(1 + random.Next(255));
                var cut = random.Next(2) == 0 ? damaged : damaged[..random.Next(6, damaged.Length)];
                try
                {
                    using var stream = CompressedInput.Decompress(new MemoryStream(cut), "tracker.json");
                    ReadAll(stream, out _);
                }
                catch (VigilException e)
                {
                    Assert.StartsWith("tracker.json: ", e.Message, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Deeply_nested_input_is_refused_without_a_stack_overflow()
    {
        var json = "{\"a\":{\"CVE-2024-1234\":{\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}}}";
        var error = Assert.Throws<VigilException>(() => ReadAll(json));
        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Hands out one byte per read, as a slow network would, to exercise every buffer boundary.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));
    }
}
