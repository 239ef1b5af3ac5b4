using WorkerService;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddOptions<WorkerOptions>().Bind(builder.Configuration.GetSection("Worker")).ValidateOnStart()
    .Validate(options => options.Message.Length > 0, "Worker:Message is missing from the configuration");
builder.Services.AddHostedService<Worker>();
var host = builder.Build();
Console.WriteLine($"contentRoot={builder.Environment.ContentRootPath}");
Console.WriteLine($"environment={builder.Environment.EnvironmentName}");
Console.WriteLine($"DOTNET_CONTENTROOT after build=[{Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT")}]");
host.Run();
