using Vigil.Cli;

namespace Vigil.Tests.Cli;

public sealed class DeferredConsoleWriterTests
{
    [Fact]
    public void Nothing_is_opened_until_something_is_written()
    {
        var opened = 0;
        using var writer = new DeferredConsoleWriter(() => { opened++; return new StringWriter(); });

        writer.Flush();

        Assert.Equal(0, opened);
    }

    [Fact]
    public async Task Every_kind_of_write_reaches_the_one_writer_opened_in_order()
    {
        var opened = 0;
        var console = new StringWriter { NewLine = "\n" };
        using var writer = new DeferredConsoleWriter(() => { opened++; return console; });

        writer.Write('a');
        writer.Write("bc");
        writer.Write(['d', 'e'], 0, 2);
        writer.Write(42);
        writer.WriteLine("f");
        writer.WriteLine("{0}-{1}", 1, 2);
        await writer.WriteAsync("g");
        await writer.WriteLineAsync("h");
        await writer.FlushAsync();

        Assert.Equal(1, opened);
        Assert.Equal("abcde42f\n1-2\ngh\n", console.ToString());
    }
}
