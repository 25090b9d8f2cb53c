namespace Vigil.Common;

/// <summary>
/// The words an enum's values have outside the program (database columns, JSON, VEX documents, options), in one
/// table: code works with the enum, the stored and exchanged words never change.
/// </summary>
public sealed class EnumWords<T> where T : struct, Enum
{
    private readonly Dictionary<T, string> words;
    private readonly Dictionary<string, T> values;

    public EnumWords(params (T Value, string Word)[] table)
    {
        words = table.ToDictionary(e => e.Value, e => e.Word);
        values = table.ToDictionary(e => e.Word, e => e.Value, StringComparer.Ordinal);
        if (words.Count != Enum.GetValues<T>().Length)
        {
            throw new ArgumentException($"every {typeof(T).Name} needs a word", nameof(table));
        }
        All = [.. table.Select(e => e.Word)];
    }

    /// <summary>Every word, in the table's order (the order help and errors list them in).</summary>
    public IReadOnlyList<string> All { get; }

    public string this[T value] => words[value];

    public bool TryParse(string? word, out T value) => values.TryGetValue(word ?? "", out value);

    /// <summary>The value for a word, or an invalid-input error naming what was given, where, and what was expected.</summary>
    public T Parse(string word, string what) => TryParse(word, out var value)
        ? value
        : throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.InvalidInput, $"{what} '{word}' is not one of {string.Join(", ", All)}");
}
