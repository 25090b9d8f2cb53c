using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Vigil.Common;
using Vigil.Versions;
using Vigil.Vulnerabilities;

namespace Vigil.Feeds.Debian;

/// <summary>What a read of the tracker JSON saw as a whole.</summary>
public sealed record TrackerReadSummary(long Bytes, string Sha256, int SourcePackages, int Entries, IReadOnlyList<string> Releases);

/// <summary>
/// Streams the Debian Security Tracker JSON (source package -> id -> entry -> releases) one source package at a
/// time: the buffer only ever holds the package being read, so the ~100 MB feed never sits in memory whole.
/// Errors name the file, the byte offset and the record (package, id, release) and what was expected.
/// </summary>
public sealed class TrackerJsonReader
{
    private const int InitialBuffer = 1 << 20;
    private const int MaxPackageBytes = 256 << 20;

    private readonly Stream input;
    private readonly string fileName;
    private readonly StringPool pool = new();
    private readonly SortedSet<string> releases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DebianVersion> versions = new(StringComparer.Ordinal);
    private long bufferStartOffset;
    private int sourcePackages;
    private int entries;

    private TrackerJsonReader(Stream input, string fileName)
    {
        this.input = input;
        this.fileName = fileName;
    }

    /// <summary>Reads the whole feed, handing each source package to <paramref name="onPackage"/> as soon as it is complete.</summary>
    public static TrackerReadSummary Read(Stream utf8Json, string fileName, Action<TrackerSourcePackage> onPackage) =>
        new TrackerJsonReader(utf8Json, fileName).ReadAll(onPackage);

    private enum Phase
    {
        BeforeTopObject,
        InTopObject,
        AfterTopObject,
    }

    private TrackerReadSummary ReadAll(Action<TrackerSourcePackage> onPackage)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        long totalBytes = 0;
        try
        {
            var filled = 0;
            var final = false;
            var phase = Phase.BeforeTopObject;
            var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 16 });
            while (true)
            {
                while (!final && filled < buffer.Length)
                {
                    var n = ReadInput(buffer.AsSpan(filled));
                    if (n == 0)
                    {
                        final = true;
                        break;
                    }
                    hash.AppendData(buffer, filled, n);
                    filled += n;
                    totalBytes += n;
                }

                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
                try
                {
                    phase = Advance(ref reader, phase, onPackage);
                }
                catch (JsonException e)
                {
                    throw SyntaxError(e);
                }
                catch (InvalidOperationException e)
                {
                    // GetString() on bytes that are not UTF-8.
                    throw new VigilException($"{fileName}: byte {bufferStartOffset + reader.TokenStartIndex}: invalid text: {e.Message}", e);
                }
                var consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;

                if (final)
                {
                    if (phase != Phase.AfterTopObject)
                    {
                        throw new VigilException($"{fileName}: byte {bufferStartOffset + consumed}: the file ends before the top-level object is closed (truncated download?)");
                    }
                    break;
                }
                if (consumed == 0 && filled == buffer.Length)
                {
                    if (buffer.Length >= MaxPackageBytes)
                    {
                        throw new VigilException($"{fileName}: byte {bufferStartOffset}: one source package's record is larger than {MaxPackageBytes >> 20} MiB; this is not a tracker feed");
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                bufferStartOffset += consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new TrackerReadSummary(totalBytes, Convert.ToHexStringLower(hash.GetHashAndReset()), sourcePackages, entries, [.. releases]);
    }

    private int ReadInput(Span<byte> destination)
    {
        try
        {
            return input.Read(destination);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Decompressors throw all kinds of exception types on corrupt input; to the user it is all one thing.
            throw new VigilException($"{fileName}: byte {bufferStartOffset}: cannot decompress or read the input: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads as many whole source packages as the buffer holds. A package whose end is not in the buffer yet is given
    /// up where its data runs out (<see cref="PackageCutShort"/>) and the reader rewound to before its name, to resume
    /// with more data: about once per megabyte read. Checking first that the whole package was there (TrySkip) read
    /// every package's JSON twice (-8% time without it, measured).
    /// </summary>
    private Phase Advance(ref Utf8JsonReader reader, Phase phase, Action<TrackerSourcePackage> onPackage)
    {
        if (phase == Phase.BeforeTopObject)
        {
            if (!reader.Read())
            {
                return phase;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(reader, default, $"expected the top-level JSON object of source packages, found {Describe(reader.TokenType)}");
            }
            phase = Phase.InTopObject;
        }
        while (phase == Phase.InTopObject)
        {
            var beforeName = reader;
            if (!reader.Read())
            {
                reader = beforeName;
                return phase;
            }
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                phase = Phase.AfterTopObject;
                break;
            }
            var name = reader.GetString()!;
            if (!reader.Read())
            {
                reader = beforeName;
                return phase;
            }
            TrackerSourcePackage package;
            try
            {
                package = ParsePackage(ref reader, name);
            }
            catch (PackageCutShort)
            {
                reader = beforeName;
                return phase;
            }
            onPackage(package);
        }
        if (phase == Phase.AfterTopObject)
        {
            // Only white space may follow; the reader itself throws on a second value.
            reader.Read();
        }
        return phase;
    }

    private TrackerSourcePackage ParsePackage(ref Utf8JsonReader reader, string name)
    {
        if (name.Length == 0 || name.Length > 200)
        {
            throw Error(reader, default, $"expected a source package name, found '{Excerpt(name)}'");
        }
        var package = new TrackerRecord(name, null, null);
        Expect(ref reader, JsonTokenType.StartObject, package, "an object of vulnerability ids");
        var list = new List<TrackerEntry>();
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var idText = reader.GetString()!;
            if (!VulnerabilityId.TryParse(idText, out var id))
            {
                throw Error(reader, package, $"expected a CVE-YYYY-NNNN or TEMP- id, found '{Excerpt(idText)}'");
            }
            Next(ref reader);
            list.Add(ParseEntry(ref reader, package with { Id = idText }, id));
        }
        sourcePackages++;
        entries += list.Count;
        return new TrackerSourcePackage(pool.Intern(name), list);
    }

    private TrackerEntry ParseEntry(ref Utf8JsonReader reader, TrackerRecord record, VulnerabilityId id)
    {
        Expect(ref reader, JsonTokenType.StartObject, record, "an object with description, scope and releases");
        JsonStringLiteral? description = null;
        string? scope = null;
        long? bug = null;
        List<TrackerRelease> releaseList = [];
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("description"u8))
            {
                Next(ref reader);
                description = reader.TokenType == JsonTokenType.Null ? null
                    : reader.TokenType == JsonTokenType.String ? JsonStringLiteral.FromJson(ref reader)
                    : throw Error(reader, record, $"expected description to be a string, found {Describe(reader.TokenType)}");
            }
            else if (reader.ValueTextEquals("scope"u8))
            {
                Next(ref reader);
                scope = OptionalString(ref reader, record, "scope");
            }
            else if (reader.ValueTextEquals("debianbug"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number) && number >= 0)
                {
                    bug = number;
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    throw Error(reader, record, $"expected debianbug to be a bug number, found {Describe(reader.TokenType)}");
                }
            }
            else if (reader.ValueTextEquals("releases"u8))
            {
                Next(ref reader);
                Expect(ref reader, JsonTokenType.StartObject, record, "releases to be an object of release names");
                while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var release = pool.Intern(ref reader);
                    Next(ref reader);
                    releaseList.Add(ParseRelease(ref reader, record with { Release = release }, release));
                }
            }
            else
            {
                Next(ref reader);
                SkipValue(ref reader);
            }
        }
        return new TrackerEntry(id, description, scope, bug, releaseList);
    }

    private TrackerRelease ParseRelease(ref Utf8JsonReader reader, TrackerRecord record, string release)
    {
        Expect(ref reader, JsonTokenType.StartObject, record, "an object with status and fixed_version");
        TrackerStatus? status = null;
        DebianVersion? fixedVersion = null;
        string? urgency = null, noDsa = null, noDsaReason = null;
        while (Next(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                Next(ref reader);
                status = OptionalString(ref reader, record, "status") switch
                {
                    "open" => TrackerStatus.Open,
                    "resolved" => TrackerStatus.Resolved,
                    "undetermined" => TrackerStatus.Undetermined,
                    var other => throw Error(reader, record, $"expected status open, resolved or undetermined, found '{Excerpt(other ?? "null")}'"),
                };
            }
            else if (reader.ValueTextEquals("fixed_version"u8))
            {
                Next(ref reader);
                var text = OptionalString(ref reader, record, "fixed_version");
                if (text is not null && !versions.TryGetValue(text, out fixedVersion))
                {
                    fixedVersion = DebianVersion.TryParse(text, out var parsed, out var why)
                        ? parsed
                        : throw Error(reader, record, $"expected fixed_version to be a Debian version, found '{Excerpt(text)}' ({why})");
                    versions[text] = fixedVersion;
                }
            }
            else if (reader.ValueTextEquals("urgency"u8))
            {
                Next(ref reader);
                urgency = OptionalString(ref reader, record, "urgency");
            }
            else if (reader.ValueTextEquals("nodsa"u8))
            {
                Next(ref reader);
                noDsa = OptionalString(ref reader, record, "nodsa");
            }
            else if (reader.ValueTextEquals("nodsa_reason"u8))
            {
                Next(ref reader);
                noDsaReason = OptionalString(ref reader, record, "nodsa_reason");
            }
            else
            {
                Next(ref reader);
                SkipValue(ref reader);
            }
        }
        if (status is null)
        {
            throw Error(reader, record, "expected a status (open, resolved or undetermined), found none");
        }
        if (status == TrackerStatus.Resolved && fixedVersion is null)
        {
            throw Error(reader, record, "a resolved entry needs a fixed_version, found none");
        }
        releases.Add(release);
        return new TrackerRelease(release, status.Value, fixedVersion, urgency, noDsa, noDsaReason);
    }

    /// <summary>Reads the next token of a package; where the buffer ends first, gives the package up (<see cref="PackageCutShort"/>).</summary>
    private static bool Next(ref Utf8JsonReader reader) => reader.Read() ? true : throw new PackageCutShort();

    // The reader is not final (more input may follow the package), so Skip() is not allowed.
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip())
        {
            throw new PackageCutShort();
        }
    }

    /// <summary>The package being parsed goes on past the end of the buffer; caught in <see cref="Advance"/>, never leaves the reader.</summary>
    private sealed class PackageCutShort : Exception;

    /// <summary>A short string many entries repeat (a scope, a status, a version), pooled.</summary>
    private string? OptionalString(ref Utf8JsonReader reader, TrackerRecord record, string field) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => pool.Intern(ref reader),
        _ => throw Error(reader, record, $"expected {field} to be a string, found {Describe(reader.TokenType)}"),
    };

    private void Expect(ref Utf8JsonReader reader, JsonTokenType type, TrackerRecord record, string what)
    {
        if (reader.TokenType != type)
        {
            throw Error(reader, record, $"expected {what}, found {Describe(reader.TokenType)}");
        }
    }

    private VigilException Error(Utf8JsonReader reader, TrackerRecord record, string message)
    {
        var where = record.Package is null ? "" : $" ({record})";
        return new VigilException($"{fileName}: byte {bufferStartOffset + reader.TokenStartIndex}{where}: {message}");
    }

    private VigilException SyntaxError(JsonException e)
    {
        // The reader's own message ends in "LineNumber: n | BytePositionInLine: m."; say it our way instead.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }
        return new VigilException($"{fileName}: line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line: invalid JSON: {message.TrimEnd('.', ' ')}", e);
    }

    /// <summary>
    /// Which record an error is about, made into words only for an error: building "package 'x', CVE-..., release y"
    /// for each of the feed's 715,000 entries and views in case one is wrong was 80 MB of strings an import.
    /// </summary>
    private readonly record struct TrackerRecord(string? Package, string? Id, string? Release)
    {
        public override string ToString() =>
            $"package '{Package}'" + (Id is null ? "" : $", {Id}") + (Release is null ? "" : $", release {Release}");
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.EndObject => "the end of an object",
        JsonTokenType.EndArray => "the end of an array",
        _ => type.ToString(),
    };

    private static string Excerpt(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
