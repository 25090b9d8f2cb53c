using System.Text;
using Vigil.Feeds;

namespace Vigil.Cli.Output;

/// <summary>Sends a report to --output FILE (written atomically, never half) or to standard output.</summary>
public static class ReportWriter
{
    /// <summary>Refuses an --output that cannot be written before any work is done (or stored); standard output always can be.</summary>
    public static void CheckWritable(string? outputPath)
    {
        if (outputPath is not null)
        {
            AtomicFile.CheckWritable(outputPath);
        }
    }

    /// <summary>Writes text; <paramref name="write"/> gets the writer and whether it may colour (a terminal that allows it).</summary>
    public static void Write(RunContext run, string? outputPath, Action<TextWriter, bool> write)
    {
        if (outputPath is not null)
        {
            AtomicFile.Write(outputPath, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                write(writer, false);
            }, durable: false);
        }
        else if (run.Environment.StandardOutput is { } standardOutput)
        {
            run.Environment.Out.Flush();
            using var writer = new StreamWriter(standardOutput(), new UTF8Encoding(false), BlockSize, leaveOpen: true);
            write(writer, run.Colour);
        }
        else
        {
            write(run.Environment.Out, run.Colour);
        }
    }

    private const int BlockSize = 1 << 16;

    /// <summary>Writes a report that is produced as UTF-8 bytes (JSON).</summary>
    public static void WriteUtf8(RunContext run, string? outputPath, Action<Stream> write)
    {
        if (outputPath is not null)
        {
            AtomicFile.Write(outputPath, write, durable: false);
            return;
        }
        if (run.Environment.StandardOutput is { } standardOutput)
        {
            // Straight to the descriptor: a 50 MB report is never held whole, nor decoded to text and encoded back.
            run.Environment.Out.Flush();
            var buffered = new BufferedStream(standardOutput(), BlockSize);
            write(buffered);
            buffered.WriteByte((byte)'\n');
            buffered.Flush();
            return;
        }
        using var buffer = new MemoryStream();
        write(buffer);
        run.Environment.Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
