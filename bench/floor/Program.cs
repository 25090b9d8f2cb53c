using System.Text.Json;

// The floor an import is compared with: every token of the same JSON walked with Utf8JsonReader, nothing kept.
//   floor debian TRACKER.json   the tracker feed, streamed through one 1 MiB buffer
//   floor kernel VULNS_DIR      every published CVE record under cve/published, each file read whole
// Prints the tokens walked, so the work cannot be skipped.
if (args.Length != 2 || args[0] is not ("debian" or "kernel"))
{
    Console.Error.WriteLine("usage: floor debian TRACKER.json | floor kernel VULNS_DIR");
    return 2;
}
long tokens = 0;
if (args[0] == "debian")
{
    using var file = File.OpenRead(args[1]);
    var buffer = new byte[1 << 20];
    var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 256 });
    var held = 0;
    while (true)
    {
        var read = file.Read(buffer, held, buffer.Length - held);
        var final = read == 0;
        var reader = new Utf8JsonReader(buffer.AsSpan(0, held + read), final, state);
        while (reader.Read())
        {
            tokens++;
        }
        if (final)
        {
            break;
        }
        var consumed = (int)reader.BytesConsumed;
        held = held + read - consumed;
        buffer.AsSpan(consumed, held).CopyTo(buffer);
        state = reader.CurrentState;
    }
}
else
{
    foreach (var path in Directory.EnumerateFiles(Path.Combine(args[1], "cve", "published"), "*.json", SearchOption.AllDirectories))
    {
        var reader = new Utf8JsonReader(File.ReadAllBytes(path));
        while (reader.Read())
        {
            tokens++;
        }
    }
}
Console.WriteLine(tokens);
return 0;
