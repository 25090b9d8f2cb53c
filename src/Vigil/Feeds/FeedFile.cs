using System.Text;
using System.Text.Json;
using Vigil.Common;

namespace Vigil.Feeds;

/// <summary>
/// The container every imported feed is stored in: a kind-specific magic and format number, the feed's own body,
/// its metadata as JSON, and a footer pointing at the metadata. Written through <see cref="AtomicFile"/>, so a
/// failed import never touches the file already there; opening checks the framing and names what is damaged.
/// </summary>
public static class FeedFile
{
    private static readonly byte[] FooterMagic = "VIGILEND"u8.ToArray();
    private const int FooterLength = 8 + 8;

    /// <summary>Writes the body with <paramref name="writeBody"/>, which returns the metadata to store with it.</summary>
    public static FeedMetadata Write(string path, string magic, int format, Func<BinaryWriter, FeedMetadata> writeBody, CancellationToken cancellation = default)
    {
        FeedMetadata? metadata = null;
        AtomicFile.Write(path, file =>
        {
            using var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true);
            writer.Write(Encoding.ASCII.GetBytes(magic));
            writer.Write(format);
            metadata = writeBody(writer);
            writer.Flush();
            var metadataOffset = file.Position;
            // Framed like BinaryWriter.Write(string): a 7-bit encoded length, then the UTF-8.
            var json = FeedMetadataJson.Write(metadata);
            writer.Write7BitEncodedInt(json.Length);
            writer.Write(json);
            writer.Write(metadataOffset);
            writer.Write(FooterMagic);
        }, cancellation: cancellation);
        return metadata!;
    }

    /// <summary>An opened feed file: the stream, its metadata, and where the body lies.</summary>
    public sealed record Opened(FileStream File, FeedMetadata Metadata, long BodyStart, long BodyEnd);

    public static Opened Open(string path, string magic, int format)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VigilException($"cannot read the cached feed {path}: {e.Message}", e);
        }
        try
        {
            using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
            var expected = Encoding.ASCII.GetBytes(magic);
            if (!reader.ReadBytes(expected.Length).AsSpan().SequenceEqual(expected))
            {
                throw Damaged(path, "it does not start like this kind of Vigil feed");
            }
            var actualFormat = reader.ReadInt32();
            if (actualFormat != format)
            {
                throw new VigilException(ErrorKind.MissingData, ErrorCodes.FeedOutdatedFormat, $"the cached feed {path} was written in format {actualFormat} by another Vigil version and must be fetched or imported again");
            }
            var bodyStart = file.Position;
            if (file.Length < bodyStart + FooterLength)
            {
                throw Damaged(path, "it is too short");
            }
            file.Seek(-FooterLength, SeekOrigin.End);
            var metadataOffset = reader.ReadInt64();
            if (!reader.ReadBytes(FooterMagic.Length).AsSpan().SequenceEqual(FooterMagic) || metadataOffset < bodyStart || metadataOffset > file.Length - FooterLength)
            {
                throw Damaged(path, "its footer is missing or wrong");
            }
            file.Seek(metadataOffset, SeekOrigin.Begin);
            var metadataLength = reader.Read7BitEncodedInt();
            if (metadataLength < 0 || metadataLength > file.Length - FooterLength - file.Position)
            {
                throw Damaged(path, "its metadata's length is wrong");
            }
            var metadata = FeedMetadataJson.Read(reader.ReadBytes(metadataLength));
            return new Opened(file, metadata, bodyStart, metadataOffset);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or JsonException or FormatException)
        {
            file.Dispose();
            throw Damaged(path, e.Message);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static VigilException Damaged(string path, string why) =>
        new(ErrorKind.IntegrityFailure, ErrorCodes.FeedDamaged, $"the cached feed {path} is damaged ({why}) and must be fetched or imported again");
}
