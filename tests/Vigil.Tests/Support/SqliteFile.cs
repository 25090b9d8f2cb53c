using Microsoft.Data.Sqlite;

namespace Vigil.Tests.Support;

/// <summary>Direct access to a SQLite database file, as someone with the file (and not Vigil) would change it.</summary>
public static class SqliteFile
{
    public static void Execute(string file, string statement)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, as text ("" for none).</summary>
    public static string Query(string file, string query)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = query;
        return command.ExecuteScalar()?.ToString() ?? "";
    }
}
