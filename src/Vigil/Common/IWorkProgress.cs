namespace Vigil.Common;

/// <summary>What a stage counts: bytes (downloads, hashing, reading a file) or items (records, files, commits).</summary>
public enum ProgressUnit
{
    Bytes,
    Items,
}

/// <summary>Where long-running work (downloads, imports) reports how far it got; front ends decide how to show it.</summary>
public interface IWorkProgress
{
    /// <summary>Reports that <paramref name="done"/> of <paramref name="total"/> units of the named stage are complete.</summary>
    void Report(string stage, long done, long? total, ProgressUnit unit);
}

public sealed class SilentProgress : IWorkProgress
{
    public static readonly SilentProgress Instance = new();

    public void Report(string stage, long done, long? total, ProgressUnit unit)
    {
    }
}
