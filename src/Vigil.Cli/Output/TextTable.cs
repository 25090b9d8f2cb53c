using System.Text;

namespace Vigil.Cli.Output;

/// <summary>
/// Aligned plain-text columns, coloured with ANSI codes only for a terminal. Hand-rolled rather than Spectre's
/// Table because a scan can print thousands of rows and Spectre's layout pass costs half a second for 8,000.
/// </summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<Cell[]> rows = [];

    public readonly record struct Cell(string Text, string? Ansi = null);

    public void AddRow(params Cell[] cells) => rows.Add(cells);

    public void Write(TextWriter writer, bool colour)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Text.Length);
            }
        }
        var line = new StringBuilder();
        WriteLine(writer, line, headers.Select(h => new Cell(h, colour ? "1" : null)).ToArray(), widths, colour);
        WriteLine(writer, line, widths.Select(w => new Cell(new string('-', w))).ToArray(), widths, colour);
        foreach (var row in rows)
        {
            WriteLine(writer, line, row, widths, colour);
        }
    }

    private static void WriteLine(TextWriter writer, StringBuilder line, Cell[] cells, int[] widths, bool colour)
    {
        line.Clear();
        for (var i = 0; i < cells.Length; i++)
        {
            var last = i == cells.Length - 1;
            if (colour && cells[i].Ansi is { } ansi)
            {
                line.Append("\u001b[").Append(ansi).Append('m').Append(cells[i].Text).Append("\u001b[0m");
            }
            else
            {
                line.Append(cells[i].Text);
            }
            if (!last)
            {
                line.Append(' ', widths[i] - cells[i].Text.Length + 2);
            }
        }
        writer.Write(line.ToString().TrimEnd());
        writer.Write('\n');
    }
}
