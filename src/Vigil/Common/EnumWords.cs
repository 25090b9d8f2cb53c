using System.Runtime.CompilerServices;

namespace Vigil.Common;

/// <summary>
/// The words an enum's values have outside the program (database columns, JSON, VEX documents, options), in one
/// table: code works with the enum, the stored and exchanged words never change.
/// </summary>
/// <remarks>
/// Kept in arrays and a string-keyed dictionary rather than collections over <typeparamref name="T"/>: the framework's
/// generic code instantiated over Vigil's own enums cannot be precompiled (ReadyToRun) and would be compiled at every
/// start of the command line.
/// </remarks>
public sealed class EnumWords<T> where T : struct, Enum
{
    private readonly string[] words;
    private readonly Dictionary<string, int> values;

    public EnumWords(params (T Value, string Word)[] table)
    {
        if (Unsafe.SizeOf<T>() != sizeof(int))
        {
            throw new ArgumentException($"{typeof(T).Name} is not an int enum", nameof(table));
        }
        words = new string[typeof(T).GetEnumValues().Length];
        values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (value, word) in table)
        {
            var index = ToInt(value);
            if (index < 0 || index >= words.Length || words[index] is not null)
            {
                throw new ArgumentException($"{typeof(T).Name}: values must be 0..{words.Length - 1}, each once", nameof(table));
            }
            words[index] = word;
            values.Add(word, index);
        }
        if (values.Count != words.Length)
        {
            throw new ArgumentException($"every {typeof(T).Name} needs a word", nameof(table));
        }
        All = [.. table.Select(e => e.Word)];
    }

    /// <summary>Every word, in the table's order (the order help and errors list them in).</summary>
    public IReadOnlyList<string> All { get; }

    public string this[T value] => words[ToInt(value)];

    public bool TryParse(string? word, out T value)
    {
        var found = values.TryGetValue(word ?? "", out var index);
        value = Unsafe.As<int, T>(ref index);
        return found;
    }

    /// <summary>The value for a word, or an invalid-input error naming what was given, where, and what was expected.</summary>
    public T Parse(string word, string what) => TryParse(word, out var value)
        ? value
        : throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.InvalidInput, $"{what} '{word}' is not one of {string.Join(", ", All)}");

    private static int ToInt(T value) => Unsafe.As<T, int>(ref value);
}
