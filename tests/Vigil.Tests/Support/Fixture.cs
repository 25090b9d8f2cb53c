namespace Vigil.Tests.Support;

/// <summary>Paths of the committed fixtures (small files derived from real Debian data).</summary>
public static class Fixture
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Text(string name) => File.ReadAllText(Path(name));
}
