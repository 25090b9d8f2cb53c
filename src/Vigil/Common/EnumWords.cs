using System.Runtime.CompilerServices;

namespace Vigil.Common;

/// <summary>
/// The words an enum's values have outside the program (database columns, JSON, VEX documents, options), in one
/// table: code works with the enum, the stored and exchanged words never change.
/// </summary>
/// <remarks>
/// Kept in plain arrays searched in order (a table holds at most a few dozen words): the framework's generic
/// collections and LINQ instantiated over Vigil's own enums cannot be precompiled (ReadyToRun) and would be compiled
/// at every start of the command line.
/// </remarks>
public sealed class EnumWords<T> where T : struct, Enum
{
    private readonly string[] words;
    private readonly string[] order;

    public EnumWords(params (T Value, string Word)[] table)
    {
        if (Unsafe.SizeOf<T>() != sizeof(int))
        {
            throw new ArgumentException($"{typeof(T).Name} is not an int enum", nameof(table));
        }
        words = new string[typeof(T).GetEnumValuesAsUnderlyingType().Length];
        order = new string[table.Length];
        for (var i = 0; i < table.Length; i++)
        {
            var index = ToInt(table[i].Value);
            if (index < 0 || index >= words.Length || words[index] is not null || Array.IndexOf(words, table[i].Word) >= 0)
            {
                throw new ArgumentException($"{typeof(T).Name}: values must be 0..{words.Length - 1}, each once, each with its own word", nameof(table));
            }
            words[index] = table[i].Word;
            order[i] = table[i].Word;
        }
        if (table.Length != words.Length)
        {
            throw new ArgumentException($"every {typeof(T).Name} needs a word", nameof(table));
        }
    }

    /// <summary>Every word, in the table's order (the order help and errors list them in).</summary>
    public IReadOnlyList<string> All => order;

    public string this[T value] => words[ToInt(value)];

    public bool TryParse(string? word, out T value)
    {
        var index = word is null ? -1 : Array.IndexOf(words, word);
        var found = index >= 0;
        index = Math.Max(index, 0);
        value = Unsafe.As<int, T>(ref index);
        return found;
    }

    /// <summary>The value for a word, or an invalid-input error naming what was given, where, and what was expected.</summary>
    public T Parse(string word, string what) => TryParse(word, out var value)
        ? value
        : throw new VigilException(ErrorKind.InvalidInput, ErrorCodes.InvalidInput, $"{what} '{word}' is not one of {string.Join(", ", All)}");

    private static int ToInt(T value) => Unsafe.As<T, int>(ref value);
}
