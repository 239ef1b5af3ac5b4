using System.Diagnostics;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRazorPages();
// Controllers of the referenced Razor class library are found through the app's deps.json.
builder.Services.AddControllers();

var app = builder.Build();
app.UseStaticFiles();
app.UseRouting();
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapControllers();

app.MapGet("/health", () => "healthy");
app.MapGet("/info", (IConfiguration configuration, IWebHostEnvironment environment) => new
{
    greeting = configuration["Greeting"],
    environmentFile = configuration["EnvironmentFile"],
    environment = environment.EnvironmentName,
    contentRoot = environment.ContentRootPath,
    webRoot = environment.WebRootPath,
    currentDirectory = Environment.CurrentDirectory,
});
// What a program started by the app sees of the hosting variables.
app.MapGet("/child-environment", () =>
{
    using var child = Process.Start(new ProcessStartInfo("/usr/bin/env") { RedirectStandardOutput = true })!;
    string output = child.StandardOutput.ReadToEnd();
    child.WaitForExit();
    return string.Join('\n', output.Split('\n').Where(line => line.Contains("CONTENTROOT", StringComparison.Ordinal)));
});

app.Run();
