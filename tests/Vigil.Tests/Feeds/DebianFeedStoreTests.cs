using Vigil.Common;
using Vigil.Feeds.Debian;
using Vigil.Tests.Support;

namespace Vigil.Tests.Feeds;

public sealed class DebianFeedStoreTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private DebianFeedService Service => new(new DataDirectory(directory.Path), Vigil.Tests.Support.Downloaders.New(), TimeProvider.System);

    [Fact]
    public void Imported_feed_reads_back_entry_for_entry()
    {
        var metadata = Service.ImportFile(Fixture.Path("tracker-excerpt.json.xz"), SilentProgress.Instance);
        Assert.Equal(Vigil.Feeds.FeedOrigin.Import, metadata.Origin);
        Assert.Equal(13, metadata.Entries);

        using var feed = Service.Store.Open();
        var packages = new List<TrackerSourcePackage>();
        TrackerJsonReader.Read(File.OpenRead(Fixture.Path("tracker-excerpt.json")), "x", packages.Add);
        foreach (var package in packages)
        {
            Assert.Equal(package.Entries, feed.EntriesFor(package.Name), new EntryComparer());
        }
        Assert.Empty(feed.EntriesFor("no-such-package"));
    }

    [Fact]
    public void Views_in_one_release_are_that_releases_view_of_every_entry_that_lists_it()
    {
        Service.ImportFile(Fixture.Path("tracker-excerpt.json"), SilentProgress.Instance);
        using var feed = Service.Store.Open();
        var packages = new List<TrackerSourcePackage>();
        TrackerJsonReader.Read(File.OpenRead(Fixture.Path("tracker-excerpt.json")), "x", packages.Add);

        foreach (var package in packages)
        {
            var expected = package.Entries.Where(e => e.ForRelease("bookworm") is not null)
                .Select(e => e with { Releases = [e.ForRelease("bookworm")!] });
            var read = new List<TrackerEntry>();
            foreach (var view in feed.ViewsIn(package.Name, "bookworm"))
            {
                read.Add(new TrackerEntry(view.Id, view.Description, view.Scope, view.DebianBug,
                    [new TrackerRelease("bookworm", view.Status, view.FixedVersion, view.Urgency, view.NoDsa, view.NoDsaReason)]));
            }
            Assert.Equal(expected, read, new EntryComparer());
        }
        Assert.False(feed.ViewsIn("no-such-package", "bookworm").MoveNext());
    }

    [Fact]
    public void Import_stores_a_packages_entries_in_id_order_each_with_its_views_in_release_name_order()
    {
        var json = """
            {"openssl":{"TEMP-0000000-ABCDEF":{"releases":{"trixie":{"status":"open"},"bookworm":{"status":"open"}}},
                        "CVE-2024-10000":{"releases":{}},
                        "CVE-2024-9999":{"releases":{"sid":{"status":"open"},"bookworm":{"status":"resolved","fixed_version":"3.0.20-1"}}}}}
            """;
        using var feed = FeedFixture.Import(directory, json).Open();

        var entries = feed.EntriesFor("openssl");
        Assert.Equal(["CVE-2024-9999", "CVE-2024-10000", "TEMP-0000000-ABCDEF"], entries.Select(e => e.Id.Text));
        Assert.Equal(["bookworm sid", "", "bookworm trixie"], entries.Select(e => string.Join(" ", e.Releases.Select(r => r.Release))));
        Assert.Equal("3.0.20-1", entries[0].ForRelease("bookworm")!.FixedVersion!.Text);
    }

    [Fact]
    public void Failed_import_keeps_the_feed_already_stored_byte_for_byte()
    {
        Service.ImportFile(Fixture.Path("tracker-excerpt.json"), SilentProgress.Instance);
        var good = File.ReadAllBytes(Service.Store.FilePath);
        var broken = directory.Write("broken.json", File.ReadAllText(Fixture.Path("tracker-excerpt.json"))[..3000]);

        Assert.Throws<VigilException>(() => Service.ImportFile(broken, SilentProgress.Instance));

        Assert.Equal(good, File.ReadAllBytes(Service.Store.FilePath));
        Assert.Equal(["debian-tracker.vdb"], Directory.GetFiles(Path.GetDirectoryName(Service.Store.FilePath)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_damaged_cache_file_is_an_integrity_failure_that_says_so()
    {
        Service.ImportFile(Fixture.Path("tracker-excerpt.json"), SilentProgress.Instance);
        var bytes = File.ReadAllBytes(Service.Store.FilePath);
        File.WriteAllBytes(Service.Store.FilePath, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<VigilException>(() => Service.Store.Open());
        Assert.Contains("is damaged", error.Message, StringComparison.Ordinal);
        Assert.Equal((ErrorKind.IntegrityFailure, ErrorCodes.FeedDamaged), (error.Kind, error.Code));
    }

    [Fact]
    public void Randomly_damaged_cache_never_crashes_a_reader()
    {
        Service.ImportFile(Fixture.Path("tracker-excerpt.json"), SilentProgress.Instance);
        var original = File.ReadAllBytes(Service.Store.FilePath);
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])original.Clone();
            bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
            File.WriteAllBytes(Service.Store.FilePath, bytes);
            try
            {
                using var feed = Service.Store.Open();
                foreach (var name in new[] { "openssl", "bash", "glibc", "util-linux", "curl" })
                {
                    feed.EntriesFor(name);
                    foreach (var view in feed.ViewsIn(name, "bookworm"))
                    {
                        _ = (view.Id, view.Description, view.Urgency);
                    }
                }
            }
            catch (VigilException)
            {
            }
        }
    }

    [Fact]
    public void A_missing_feed_is_missing_data_with_its_own_code_and_no_command_in_the_message()
    {
        var error = Assert.Throws<VigilException>(() => Service.Store.Open());

        Assert.Equal((ErrorKind.MissingData, ErrorCodes.DebianFeedMissing), (error.Kind, error.Code));
        Assert.DoesNotContain("vigil ", error.Message, StringComparison.Ordinal);
    }

    private sealed class EntryComparer : IEqualityComparer<TrackerEntry>
    {
        public bool Equals(TrackerEntry? x, TrackerEntry? y) =>
            x!.Id == y!.Id && object.Equals(x.Description, y.Description) && x.Scope == y.Scope && x.DebianBug == y.DebianBug
            && x.Releases.SequenceEqual(y.Releases);

        public int GetHashCode(TrackerEntry obj) => obj.Id.GetHashCode();
    }
}
