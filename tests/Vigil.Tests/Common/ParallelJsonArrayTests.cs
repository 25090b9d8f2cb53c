using System.Text;
using System.Text.Json;
using Vigil.Common;

namespace Vigil.Tests.Common;

public sealed class ParallelJsonArrayTests
{
    private sealed record Item(int Number, string Text);

    private static void WriteItem(Utf8JsonWriter json, Item item)
    {
        json.WriteStartObject();
        json.WriteNumber("number", item.Number);
        json.WriteString("text", item.Text);
        json.WriteStartArray("nested");
        json.WriteStringValue(item.Text[..Math.Min(3, item.Text.Length)]);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Items of every size, some longer than a piece (64 KiB), with text that needs escaping.</summary>
    private static Item[] Items(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new Item(i, random.Next(50) == 0
            ? new string('x', random.Next(60_000, 150_000))
            : $"item {i} \"quoted\" ü\n{new string('y', random.Next(400))}"))];
    }

    /// <summary>A document with the array at <paramref name="depth"/>, written by one writer or split.</summary>
    private static string Document(Item[] items, int depth, JsonWriterOptions options, int? minimumItems)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteString("before", "head");
            for (var level = 1; level < depth; level++)
            {
                json.WriteStartObject($"level{level}");
            }
            json.WritePropertyName("items");
            if (minimumItems is { } minimum)
            {
                ParallelJsonArray.Write(json, items, WriteItem, minimum);
            }
            else
            {
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteItem(json, item);
                }
                json.WriteEndArray();
            }
            for (var level = 1; level < depth; level++)
            {
                json.WriteEndObject();
            }
            json.WriteString("after", "tail");
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(1_000, 1)]
    [InlineData(1_000, 2)]
    [InlineData(1_001, 4)]
    public void A_split_array_is_written_byte_for_byte_as_one_writer_writes_it(int count, int depth)
    {
        var items = Items(count, seed: count + depth);

        foreach (var options in new[] { ReadableJsonEncoder.Indented, new JsonWriterOptions { Encoder = ReadableJsonEncoder.Instance } })
        {
            Assert.Equal(Document(items, depth, options, minimumItems: null), Document(items, depth, options, minimumItems: 2));
        }
    }

    [Fact]
    public void An_array_below_the_minimum_is_written_by_the_calling_thread_alone()
    {
        var items = Items(100, seed: 5);
        var writers = new HashSet<int>();

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ReadableJsonEncoder.Indented))
        {
            ParallelJsonArray.Write(json, items, (w, item) =>
            {
                lock (writers)
                {
                    writers.Add(Environment.CurrentManagedThreadId);
                }
                WriteItem(w, item);
            });
        }

        Assert.Equal([Environment.CurrentManagedThreadId], writers);
    }

    [Fact]
    public void A_long_arrays_second_half_is_written_while_the_first_is_when_there_is_another_core()
    {
        var items = Items(1_000, seed: 6);
        using var secondHalfStarted = new ManualResetEventSlim();
        var waited = false;

        using (var json = new Utf8JsonWriter(new MemoryStream(), ReadableJsonEncoder.Indented))
        {
            ParallelJsonArray.Write(json, items, (w, item) =>
            {
                if (item.Number == 500)
                {
                    secondHalfStarted.Set();
                }
                // The first half's last item waits for the second half to begin elsewhere: it cannot if both are
                // written one after the other (the wait is bounded for a thread pool slow to start a thread).
                if (item.Number == 499 && Environment.ProcessorCount > 1)
                {
                    waited = secondHalfStarted.Wait(TimeSpan.FromSeconds(30));
                }
                WriteItem(w, item);
            }, minimumItems: 2);
        }

        Assert.Equal(Environment.ProcessorCount > 1, waited);
    }

    [Fact]
    public void An_empty_array_is_written_as_one()
    {
        Assert.Equal(Document([], 1, ReadableJsonEncoder.Indented, minimumItems: null), Document([], 1, ReadableJsonEncoder.Indented, minimumItems: 0));
    }

    [Fact]
    public void A_failure_writing_the_second_half_reaches_the_caller()
    {
        var items = Items(10, seed: 7);
        using var json = new Utf8JsonWriter(new MemoryStream(), ReadableJsonEncoder.Indented);

        var error = Assert.Throws<InvalidOperationException>(() => ParallelJsonArray.Write(json, items, (w, item) =>
        {
            if (item.Number == 9)
            {
                throw new InvalidOperationException("item 9 cannot be written");
            }
            WriteItem(w, item);
        }, minimumItems: 2));

        Assert.Equal("item 9 cannot be written", error.Message);
    }
}
