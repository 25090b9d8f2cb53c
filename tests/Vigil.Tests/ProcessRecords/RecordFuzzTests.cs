using Vigil.Common;
using Vigil.ProcessRecords;
using Vigil.Tests.Support;

namespace Vigil.Tests.ProcessRecords;

/// <summary>Records files mangled at random (and cut short) either load or fail with a one-line error; never a crash.</summary>
public sealed class RecordFuzzTests : IDisposable
{
    private readonly TempDirectory home = new();

    public void Dispose() => home.Dispose();

    [Fact]
    public void Mangled_record_files_load_or_fail_cleanly()
    {
        var folder = Path.Combine(home.Path, "security");
        Starter.Write(folder, DateOnly.FromDateTime(DateTime.UtcNow));
        home.Write("security/results/junit.xml", "<testsuites><testsuite tests=\"1\" failures=\"0\"/></testsuites>");
        var originals = Directory.GetFiles(folder, "*.yml").Append(Path.Combine(folder, "results", "junit.xml")).ToDictionary(f => f, File.ReadAllText);
        var random = new Random(62443);
        const string alphabet = "{}[]:-#&*!|>'\" \n\tx1<>/=";
        for (var i = 0; i < 600; i++)
        {
            var (file, text) = originals.ElementAt(random.Next(originals.Count));
            var chars = text.ToCharArray();
            for (var j = 0; j < 1 + random.Next(6); j++)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }
            var mangled = random.Next(4) == 0 ? new string(chars)[..random.Next(chars.Length)] : new string(chars);
            File.WriteAllText(file, mangled);
            try
            {
                ProcessCheck.Run(RecordLoader.Load(folder, "security"), DateOnly.FromDateTime(DateTime.UtcNow));
            }
            catch (VigilException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.StartsWith("security", e.Message, StringComparison.Ordinal);
            }
            File.WriteAllText(file, text);
        }
    }
}
