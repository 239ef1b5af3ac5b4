using Microsoft.Extensions.Options;

namespace WorkerService;

public sealed class WorkerOptions
{
    public string Message { get; set; } = "";
    public int Iterations { get; set; }
}

/// <summary>Writes the configured message, then stops the host.</summary>
public sealed class Worker(IOptions<WorkerOptions> options, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (int i = 1; i <= options.Value.Iterations; i++)
        {
            Console.WriteLine($"tick {i}: {options.Value.Message}");
            await Task.Delay(10, stoppingToken);
        }
        lifetime.StopApplication();
    }
}
