using System.Text;
using System.Text.Json;
using Vigil.Feeds;

namespace Vigil.Tests.Feeds;

public sealed class FeedMetadataJsonTests
{
    private static readonly FeedMetadata Downloaded = new()
    {
        Kind = FeedKind.KernelCna,
        Source = "https://example.org/vulns/ärger.tar.xz",
        Origin = FeedOrigin.Download,
        ImportedAt = new DateTimeOffset(2026, 11, 27, 9, 2, 28, TimeSpan.Zero).AddTicks(6833381),
        DataAsOf = new DateTimeOffset(2026, 8, 21, 16, 32, 4, TimeSpan.FromHours(2)),
        ETag = "\"5f-abc\"",
        LastModified = "Fri, 21 Aug 2026 14:32:04 GMT",
        Sha256 = new string('a', 64),
        Bytes = 142_510_667,
        SourcePackages = 0,
        Entries = 14_626,
        Rejected = 312,
        Releases = ["bookworm", "trixie"],
    };

    private static string Text(FeedMetadata metadata) => Encoding.UTF8.GetString(FeedMetadataJson.Write(metadata));

    private static JsonException Refusal(string json) => Assert.Throws<JsonException>(() => FeedMetadataJson.Read(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Metadata_reads_back_as_it_was_written()
    {
        var read = FeedMetadataJson.Read(FeedMetadataJson.Write(Downloaded));

        Assert.Equal(Downloaded with { Releases = read.Releases }, read);
        Assert.Equal(Downloaded.Releases, read.Releases);
        Assert.Equal(Downloaded.ImportedAt.Offset, read.ImportedAt.Offset);
        Assert.Equal(Downloaded.DataAsOf.Offset, read.DataAsOf.Offset);
    }

    [Fact]
    public void Metadata_is_stored_as_indented_json_with_camel_case_names_and_nulls_written_out()
    {
        var text = Text(Downloaded with { ETag = null, LastModified = null, Origin = FeedOrigin.Import, Releases = [] });

        Assert.Equal("""
            {
              "kind": "kernel-cna",
              "source": "https://example.org/vulns/\u00E4rger.tar.xz",
              "origin": "import",
              "importedAt": "2026-11-27T09:02:28.6833381+00:00",
              "dataAsOf": "2026-08-21T16:32:04+02:00",
              "eTag": null,
              "lastModified": null,
              "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
              "bytes": 142510667,
              "sourcePackages": 0,
              "entries": 14626,
              "rejected": 312,
              "releases": []
            }
            """.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Names_a_later_version_adds_are_skipped()
    {
        var text = Text(Downloaded).Replace("\"kind\"", "\"addedLater\": {\"a\": [1, 2]},\n  \"kind\"", StringComparison.Ordinal);

        Assert.Equal(Downloaded.Entries, FeedMetadataJson.Read(Encoding.UTF8.GetBytes(text)).Entries);
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("source")]
    [InlineData("origin")]
    [InlineData("importedAt")]
    [InlineData("dataAsOf")]
    [InlineData("sha256")]
    [InlineData("bytes")]
    [InlineData("sourcePackages")]
    [InlineData("entries")]
    [InlineData("releases")]
    public void Metadata_lacking_a_required_value_is_refused_naming_it(string name)
    {
        var text = Text(Downloaded).Replace($"\"{name}\"", "\"renamed\"", StringComparison.Ordinal);

        Assert.Equal($"its metadata lacks '{name}'", Refusal(text).Message);
    }

    [Theory]
    [InlineData("\"entries\": 14626", "\"entries\": \"many\"", "its metadata's 'entries' is not a count")]
    [InlineData("\"entries\": 14626", "\"entries\": -1", "its metadata's 'entries' is not a count")]
    [InlineData("\"entries\": 14626", "\"entries\": 99999999999", "its metadata's 'entries' is not a count")]
    [InlineData("\"dataAsOf\": \"2026-08-21T16:32:04+02:00\"", "\"dataAsOf\": \"last week\"", "its metadata's 'dataAsOf' is not a date and time")]
    [InlineData("\"sha256\": \"aaaa", "\"sha256\": 1, \"x\": \"aaaa", "its metadata's 'sha256' is not a string")]
    [InlineData("\"releases\": [\n    \"bookworm\"", "\"releases\": [\n    7", "its metadata's 'releases' holds something other than strings")]
    [InlineData("\"kind\": \"kernel-cna\"", "\"kind\": \"kernel-cnb\"", "feed kind 'kernel-cnb' is not one of debian-tracker, kernel-cna, cip-kernel-sec, cisa-kev, first-epss")]
    [InlineData("\"origin\": \"download\"", "\"origin\": \"mail\"", "feed origin 'mail' is not one of download, import")]
    public void Metadata_with_a_value_of_the_wrong_kind_is_refused_saying_which(string from, string to, string message)
    {
        var text = Text(Downloaded);
        Assert.Contains(from, text, StringComparison.Ordinal);

        Assert.Equal(message, Refusal(text.Replace(from, to, StringComparison.Ordinal)).Message);
    }

    [Fact]
    public void Randomly_damaged_metadata_is_refused_as_json_and_never_crashes_the_reader()
    {
        var original = FeedMetadataJson.Write(Downloaded);
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            var cut = random.Next(3) == 0 ? bytes[..random.Next(bytes.Length)] : bytes;
            try
            {
                FeedMetadataJson.Read(cut);
            }
            catch (JsonException)
            {
            }
        }
    }
}
