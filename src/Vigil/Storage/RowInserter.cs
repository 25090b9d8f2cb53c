using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Vigil.Storage;

/// <summary>
/// Inserts many rows of one mapped entity inside the open transaction without tracking them: a scan's findings are
/// thousands of rows, and EF Core's change tracking and batching cost about 100 µs a row (0.8 s for one 3,000-package
/// scan). SQLite re-runs one prepared INSERT; PostgreSQL takes them as one binary COPY. Tables, columns and value
/// conversions come from the model, so the rows are stored exactly as EF Core would store them.
/// </summary>
internal static class RowInserter
{
    private sealed record Column(string Name, string StoreType, Func<object, object?> Read);

    public static async Task InsertAsync<T>(VigilDb db, IReadOnlyCollection<T> rows, CancellationToken cancellation) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        Column[] columns = [.. entity.GetProperties().Select(p => ColumnOf(p, table))];
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("rows are inserted inside a transaction");
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        if (transaction.Connection is NpgsqlConnection postgres)
        {
            await using var import = await postgres.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({names}) FROM STDIN (FORMAT BINARY)", cancellation);
            foreach (var row in rows)
            {
                await import.StartRowAsync(cancellation);
                foreach (var column in columns)
                {
                    if (column.Read(row) is { } value)
                    {
                        await import.WriteAsync(value, column.StoreType, cancellation);
                    }
                    else
                    {
                        await import.WriteNullAsync(cancellation);
                    }
                }
            }
            await import.CompleteAsync(cancellation);
            return;
        }
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        DbParameter[] parameters = [.. columns.Select((_, i) => AddParameter(command, $"$p{i}"))];
        command.Prepare();
        foreach (var row in rows)
        {
            cancellation.ThrowIfCancellationRequested();
            for (var i = 0; i < columns.Length; i++)
            {
                parameters[i].Value = columns[i].Read(row) ?? DBNull.Value;
            }
            command.ExecuteNonQuery();
        }
    }

    private static Column ColumnOf(IProperty property, StoreObjectIdentifier table)
    {
        var getter = property.GetGetter();
        var converter = property.GetTypeMapping().Converter;
        return new Column(property.GetColumnName(table)!, property.GetRelationalTypeMapping().StoreType,
            converter is null ? getter.GetClrValueUsingContainingEntity : row => getter.GetClrValueUsingContainingEntity(row) is { } value ? converter.ConvertToProvider(value) : null);
    }

    private static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
