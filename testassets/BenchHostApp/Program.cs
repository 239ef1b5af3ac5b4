using System.CommandLine;
using System.Globalization;
using System.Resources;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Parses its command line, builds and starts a Generic Host, queries an in-memory SQLite
// database through a service, reads a string from its French satellite assembly, prints one
// line and ends: everything a start-up of a real CLI tool touches.
var greeting = new Option<string>("--culture") { DefaultValueFactory = _ => "fr" };
var root = new RootCommand("Freeze.Sdk bench app") { greeting };
root.SetAction(parse =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Logging.ClearProviders();
    builder.Services.AddSingleton<Database>();
    using var host = builder.Build();
    host.Start();
    long answer = host.Services.GetRequiredService<Database>().Answer();
    var culture = CultureInfo.GetCultureInfo(parse.GetValue(greeting)!);
    string? text = new ResourceManager("BenchHostApp.Strings", typeof(Database).Assembly).GetString("Greeting", culture);
    Console.WriteLine($"{text} {answer} {host.Services.GetRequiredService<IHostEnvironment>().ApplicationName}");
    host.StopAsync().GetAwaiter().GetResult();
    if (Environment.GetEnvironmentVariable("BENCH_REPORT_JIT") == "1")
    {
        // How many methods the JIT compiled: ReadyToRun code that is used is not compiled again.
        Console.WriteLine($"jitted={System.Runtime.JitInfo.GetCompiledMethodCount()}");
    }
    return text == "bonjour" && answer == 42 ? 0 : 1;
});
return root.Parse(args).Invoke();

internal sealed class Database
{
    public long Answer()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 6 * 7";
        return (long)command.ExecuteScalar()!;
    }
}
