namespace Vigil.Common;

/// <summary>Record ids are made by Vigil, not the database, so SQLite and PostgreSQL behave the same.</summary>
public static class Ids
{
    public static string New() => Guid.NewGuid().ToString("N");
}
