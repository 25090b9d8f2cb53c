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
        else
        {
            write(run.Environment.Out, run.Colour);
        }
    }

    /// <summary>Writes a report that is produced as UTF-8 bytes (JSON).</summary>
    public static void WriteUtf8(RunContext run, string? outputPath, Action<Stream> write)
    {
        if (outputPath is not null)
        {
            AtomicFile.Write(outputPath, write, durable: false);
            return;
        }
        using var buffer = new MemoryStream();
        write(buffer);
        run.Environment.Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
