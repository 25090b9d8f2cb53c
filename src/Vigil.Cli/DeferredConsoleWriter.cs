using System.Text;

namespace Vigil.Cli;

/// <summary>
/// The console's writer, made on first use: setting up <see cref="Console.Out"/> or <see cref="Console.Error"/> (the
/// terminal, the output encoding) costs a process 7-8 ms and 3 MB (measured), and a scan that writes its report to a
/// file or to standard output's stream, quietly, never writes to them. Every write goes to the console's own writer.
/// </summary>
internal sealed class DeferredConsoleWriter(Func<TextWriter> open) : TextWriter
{
    private TextWriter? writer;

    private TextWriter Writer => writer ??= open();

    public override Encoding Encoding => Writer.Encoding;

    public override IFormatProvider FormatProvider => Writer.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => Writer.NewLine;
        set => Writer.NewLine = value;
    }

    public override void Write(char value) => Writer.Write(value);

    public override void Write(char[] buffer, int index, int count) => Writer.Write(buffer, index, count);

    public override void Write(ReadOnlySpan<char> buffer) => Writer.Write(buffer);

    public override void Write(string? value) => Writer.Write(value);

    public override void WriteLine() => Writer.WriteLine();

    public override void WriteLine(ReadOnlySpan<char> buffer) => Writer.WriteLine(buffer);

    public override void WriteLine(string? value) => Writer.WriteLine(value);

    public override Task WriteAsync(char value) => Writer.WriteAsync(value);

    public override Task WriteAsync(string? value) => Writer.WriteAsync(value);

    public override Task WriteAsync(char[] buffer, int index, int count) => Writer.WriteAsync(buffer, index, count);

    public override Task WriteLineAsync() => Writer.WriteLineAsync();

    public override Task WriteLineAsync(char value) => Writer.WriteLineAsync(value);

    public override Task WriteLineAsync(string? value) => Writer.WriteLineAsync(value);

    public override Task WriteLineAsync(char[] buffer, int index, int count) => Writer.WriteLineAsync(buffer, index, count);

    public override void Flush() => writer?.Flush();

    public override Task FlushAsync() => writer?.FlushAsync() ?? Task.CompletedTask;
}
