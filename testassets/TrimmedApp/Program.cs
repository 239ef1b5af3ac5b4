using System.Text.Json;
using System.Text.Json.Serialization;
using Freeze.Runtime;
using Microsoft.Data.Sqlite;

using var connection = new SqliteConnection("Data Source=:memory:");
connection.Open();
using (var create = connection.CreateCommand())
{
    create.CommandText = "create table notes(id integer primary key, text text); insert into notes(text) values ('trimmed'), ('frozen');";
    create.ExecuteNonQuery();
}
var notes = new List<Note>();
using (var query = connection.CreateCommand())
{
    query.CommandText = "select id, text from notes order by id";
    using var reader = query.ExecuteReader();
    while (reader.Read())
    {
        notes.Add(new Note(reader.GetInt32(0), reader.GetString(1)));
    }
}
Console.WriteLine($"json={JsonSerializer.Serialize(notes, NotesContext.Default.ListNote)}");
Console.WriteLine($"sqlite={connection.ServerVersion}");
Console.WriteLine($"frozen={FreezeRuntime.IsFrozen}");
if (args.Contains("--worker"))
{
    Console.WriteLine($"worker={await FreezeWorker.RunAsync(Workers.Square, new Dictionary<string, string> { ["n"] = "7" })}");
}
return 0;

internal sealed record Note(int Id, string Text);

[JsonSerializable(typeof(List<Note>))]
internal sealed partial class NotesContext : JsonSerializerContext;

internal static class Workers
{
    public static void Square(IReadOnlyDictionary<string, string> arguments)
    {
        int n = int.Parse(arguments["n"], System.Globalization.CultureInfo.InvariantCulture);
        Console.Write(n * n);
    }
}
